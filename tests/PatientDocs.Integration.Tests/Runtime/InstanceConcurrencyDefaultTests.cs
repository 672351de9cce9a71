using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Runtime;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Server.Hosting;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>On SQLite a node runs more bursts at once by default (they share the writer's commits); configuration still wins.</summary>
public sealed class InstanceConcurrencyDefaultTests
{
    [Fact]
    public void OnSqlite_BurstsRunSixteenAtOnce_ByDefault() =>
        Assert.Equal(StoreRegistration.SqliteInstanceConcurrency, ConcurrencyOf(new ServerFactory { UseSqlite = true }));

    [Fact]
    public void OnOtherStores_TheEngineDefaultHolds() =>
        Assert.Equal(new RuntimeOptions().InstanceConcurrency, ConcurrencyOf(new ServerFactory()));

    [Fact]
    public void OnSqlite_AConfiguredValueWins()
    {
        var factory = new ServerFactory { UseSqlite = true };
        factory.Overrides["PatientDocs:InstanceConcurrency"] = "3";

        Assert.Equal(3, ConcurrencyOf(factory));
    }

    private static int ConcurrencyOf(ServerFactory factory)
    {
        using (factory)
        {
            return factory.Services.GetRequiredService<IOptions<RuntimeOptions>>().Value.InstanceConcurrency;
        }
    }
}
