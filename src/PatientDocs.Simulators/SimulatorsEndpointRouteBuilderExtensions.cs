using Microsoft.AspNetCore.Routing;
using PatientDocs.Simulators.DocumentExchange;
using PatientDocs.Simulators.TaskTracker;

namespace PatientDocs.Simulators;

public static class SimulatorsEndpointRouteBuilderExtensions
{
    /// <summary>Maps <c>/sim/document-exchange/…</c> and <c>/sim/task-tracker/…</c>.</summary>
    public static IEndpointRouteBuilder MapSimulators(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDocumentExchange();
        endpoints.MapTaskTracker();
        return endpoints;
    }
}
