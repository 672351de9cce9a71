using Microsoft.AspNetCore.Routing;
using PatientDocs.Simulators.DocumentExchange;
using PatientDocs.Simulators.Llm;
using PatientDocs.Simulators.TaskTracker;

namespace PatientDocs.Simulators;

public static class SimulatorsEndpointRouteBuilderExtensions
{
    /// <summary>Maps <c>/sim/document-exchange/…</c>, <c>/sim/llm/…</c> and <c>/sim/task-tracker/…</c>.</summary>
    public static IEndpointRouteBuilder MapSimulators(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapDocumentExchange();
        endpoints.MapLlm();
        endpoints.MapTaskTracker();
        return endpoints;
    }
}
