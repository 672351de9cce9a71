using Microsoft.Extensions.DependencyInjection.Extensions;
using PatientDocs.Engine.Runtime.Eta;

namespace PatientDocs.Server.Operations;

/// <summary>The operations page's services: the ETA estimator and the snapshot reader.</summary>
public static class OperationsServiceCollectionExtensions
{
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<InstanceEtaEstimator>();
        builder.Services.TryAddSingleton<OpsSnapshotReader>();
        return builder;
    }
}
