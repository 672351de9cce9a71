using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Language;

/// <summary>Reads <c>$.a.b</c> paths in the data (<c>$</c> alone is the whole data).</summary>
public static class DataPath
{
    /// <summary>False when the path is not in the data (a JSON null that is there counts as present).</summary>
    public static bool TryRead(JsonNode? data, string path, out JsonNode? value) => throw new NotImplementedException();
}
