using System.Text.Json.Nodes;
using PatientDocs.Engine.Triggers;

namespace PatientDocs.Server.Triggers;

/// <summary>
/// What a request path and method found: the trigger with its route values, or none. With no trigger,
/// <see cref="AllowedMethods"/> empty means no published path matched (404); otherwise the path matched for other methods (405).
/// </summary>
public sealed record HttpTriggerMatch(HttpTrigger? Trigger, JsonObject RouteData, IReadOnlyList<string> AllowedMethods);
