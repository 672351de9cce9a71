using System.Globalization;
using System.Net;
using System.Text;

namespace PatientDocs.Bench.Reports;

/// <summary>A minimal line chart as inline SVG: series of (x, y) points and horizontal reference lines, with axis labels.</summary>
public static class SvgChart
{
    private const int Width = 860;
    private const int Height = 260;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 30;
    private const int Bottom = 40;

    public sealed record Series(string Label, string Color, IReadOnlyList<(double X, double Y)> Points);

    public sealed record Line(string Label, string Color, double Y, bool Dashed);

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, IReadOnlyList<Line> lines)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        var maxX = Math.Max(1e-9, points.Count == 0 ? 1 : points.Max(p => p.X));
        var maxY = Math.Max(1e-9, Math.Max(points.Count == 0 ? 1 : points.Max(p => p.Y), lines.Count == 0 ? 0 : lines.Max(l => l.Y)) * 1.1);
        double Px(double x) => Left + (x / maxX * (Width - Left - Right));
        double Py(double y) => Height - Bottom - (y / maxY * (Height - Top - Bottom));

        var svg = new StringBuilder();
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"11\">"));
        svg.Append(Inv($"<text x=\"{Left}\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{Esc(title)}</text>"));
        svg.Append(Inv($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>"));
        svg.Append(Inv($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>"));
        for (var i = 0; i <= 4; i++)
        {
            var y = maxY * i / 4;
            var x = maxX * i / 4;
            svg.Append(Inv($"<text x=\"{Left - 6}\" y=\"{Py(y) + 4:0.#}\" text-anchor=\"end\">{Num(y)}</text>"));
            svg.Append(Inv($"<line x1=\"{Left}\" y1=\"{Py(y):0.#}\" x2=\"{Width - Right}\" y2=\"{Py(y):0.#}\" stroke=\"#eee\"/>"));
            svg.Append(Inv($"<text x=\"{Px(x):0.#}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Num(x)}</text>"));
        }

        svg.Append(Inv($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 6}\" text-anchor=\"middle\">{Esc(xLabel)}</text>"));
        svg.Append(Inv($"<text x=\"14\" y=\"{(Top + Height - Bottom) / 2}\" transform=\"rotate(-90 14 {(Top + Height - Bottom) / 2})\" text-anchor=\"middle\">{Esc(yLabel)}</text>"));

        var legend = 0;
        foreach (var line in lines)
        {
            var dash = line.Dashed ? " stroke-dasharray=\"6 4\"" : "";
            svg.Append(Inv($"<line x1=\"{Left}\" y1=\"{Py(line.Y):0.#}\" x2=\"{Width - Right}\" y2=\"{Py(line.Y):0.#}\" stroke=\"{line.Color}\" stroke-width=\"1.5\"{dash}/>"));
            svg.Append(LegendItem(legend++, line.Label, line.Color));
        }

        foreach (var s in series)
        {
            var path = string.Join(' ', s.Points.Select(p => Inv($"{Px(p.X):0.#},{Py(p.Y):0.#}")));
            svg.Append(Inv($"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.5\" points=\"{path}\"/>"));
            svg.Append(LegendItem(legend++, s.Label, s.Color));
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string LegendItem(int index, string label, string color)
    {
        var x = Width - Right - 250;
        var y = Top + 4 + (index * 14);
        return Inv($"<rect x=\"{x}\" y=\"{y - 8}\" width=\"10\" height=\"3\" fill=\"{color}\"/><text x=\"{x + 14}\" y=\"{y}\">{Esc(label)}</text>");
    }

    private static string Num(double value) =>
        value >= 10 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Esc(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);
}
