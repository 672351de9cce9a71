using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing.Template;
using PatientDocs.Engine.Triggers;

namespace PatientDocs.Server.Triggers;

/// <summary>
/// Matches a path under <c>/workflows</c> against the published triggers' route templates (<c>orders/{id}</c>, constraints
/// and defaults as ASP.NET routing reads them, which is what Elsa uses). Among matches for the method, the template with the
/// fewest parameters wins, so a literal <c>orders/new</c> beats <c>orders/{id}</c>.
/// </summary>
public sealed partial class HttpTriggerRoutes(HttpTriggerFinder finder, ILogger<HttpTriggerRoutes> logger)
{
    private readonly ConcurrentDictionary<string, CompiledRoute?> _routes = new(StringComparer.OrdinalIgnoreCase);

    public async Task<HttpTriggerMatch> MatchAsync(string? path, string method, CancellationToken cancellationToken)
    {
        var requestPath = new PathString("/" + HttpTriggerFinder.Normalise(path ?? ""));
        var onPath = new List<(HttpTrigger Trigger, RouteValueDictionary Values, int Parameters)>();
        foreach (var trigger in await finder.ListAsync(cancellationToken))
        {
            if (Compile(trigger.Path) is not { } route)
            {
                continue;
            }

            var values = new RouteValueDictionary();
            if (route.Matcher.TryMatch(requestPath, values))
            {
                onPath.Add((trigger, values, route.Parameters));
            }
        }

        var chosen = onPath
            .Where(m => m.Trigger.Methods.Contains(method, StringComparer.OrdinalIgnoreCase))
            .OrderBy(m => m.Parameters)
            .FirstOrDefault();
        if (chosen.Trigger is not null)
        {
            return new HttpTriggerMatch(chosen.Trigger, ToJson(chosen.Values), chosen.Trigger.Methods);
        }

        var allowed = onPath.SelectMany(m => m.Trigger.Methods).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        return new HttpTriggerMatch(null, [], allowed);
    }

    private CompiledRoute? Compile(string template) => _routes.GetOrAdd(template, t =>
    {
        try
        {
            var parsed = TemplateParser.Parse(t);
            var defaults = new RouteValueDictionary();
            foreach (var parameter in parsed.Parameters.Where(p => p.DefaultValue is not null))
            {
                defaults[parameter.Name!] = parameter.DefaultValue;
            }

            return new CompiledRoute(new TemplateMatcher(parsed, defaults), parsed.Parameters.Count);
        }
        catch (ArgumentException exception)
        {
            // A template ASP.NET cannot read can match no request; the definition stays published.
            LogBadTemplate(logger, t, exception.Message);
            return null;
        }
    });

    private static JsonObject ToJson(RouteValueDictionary values)
    {
        var result = new JsonObject();
        foreach (var (key, value) in values)
        {
            if (value is not null)
            {
                result[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "HTTP trigger path '{Template}' is not a valid route template and matches nothing: {Reason}")]
    private static partial void LogBadTemplate(ILogger logger, string template, string reason);

    private sealed record CompiledRoute(TemplateMatcher Matcher, int Parameters);
}
