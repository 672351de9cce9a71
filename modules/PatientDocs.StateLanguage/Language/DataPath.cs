using System.Globalization;
using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Language;

/// <summary>Reads <c>$.a.b</c> paths in the data (<c>$</c> alone is the whole data; <c>$.items[0].sku</c> indexes a list).</summary>
public static class DataPath
{
    /// <summary>False when the path is not in the data (a JSON null that is there counts as present).</summary>
    public static bool TryRead(JsonNode? data, string path, out JsonNode? value)
    {
        value = null;
        if (!TryParse(path, out var segments))
        {
            return false;
        }

        var node = data;
        foreach (var segment in segments)
        {
            if (segment.Index is { } index)
            {
                if (node is not JsonArray array || index >= array.Count)
                {
                    return false;
                }

                node = array[index];
            }
            else if (node is not JsonObject obj || !obj.TryGetPropertyValue(segment.Name!, out node))
            {
                return false;
            }
        }

        value = node;
        return true;
    }

    /// <summary>Whether <paramref name="path"/> is written as this class reads it: <c>$</c>, then <c>.name</c> or <c>[index]</c> steps.</summary>
    public static bool IsValid(string? path) => TryParse(path, out _);

    private static bool TryParse(string? path, out List<Segment> segments)
    {
        segments = [];
        if (path is null || !path.StartsWith('$'))
        {
            return false;
        }

        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                if (end == i + 1)
                {
                    return false;
                }

                segments.Add(new Segment(path[(i + 1)..end], null));
                i = end;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i + 1);
                if (close < 0 || !int.TryParse(path.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return false;
                }

                segments.Add(new Segment(null, index));
                i = close + 1;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Segment(string? Name, int? Index);
}
