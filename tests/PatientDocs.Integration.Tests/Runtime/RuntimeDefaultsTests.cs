using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PatientDocs.Engine.Runtime;
using PatientDocs.Integration.Tests.Support;
using PatientDocs.Server.Hosting;

namespace PatientDocs.Integration.Tests.Runtime;

/// <summary>
/// The runtime settings a server starts with when its configuration says nothing: on SQLite a node runs more bursts at
/// once (they share the writer's commits), and a task's completion runs the burst it resumes. Configuration still wins.
/// </summary>
public sealed class RuntimeDefaultsTests
{
    [Fact]
    public void OnSqlite_BurstsRunSixteenAtOnce_ByDefault() =>
        Assert.Equal(StoreRegistration.SqliteInstanceConcurrency, OptionsOf(new ServerFactory { UseSqlite = true }).InstanceConcurrency);

    [Fact]
    public void OnOtherStores_TheEngineDefaultHolds() =>
        Assert.Equal(new RuntimeOptions().InstanceConcurrency, OptionsOf(new ServerFactory()).InstanceConcurrency);

    [Fact]
    public void OnSqlite_AConfiguredValueWins()
    {
        var factory = new ServerFactory { UseSqlite = true };
        factory.Overrides["PatientDocs:InstanceConcurrency"] = "3";

        Assert.Equal(3, OptionsOf(factory).InstanceConcurrency);
    }

    [Fact]
    public void ACompletionRunsTheBurstItResumes_ByDefault() =>
        Assert.True(OptionsOf(new ServerFactory()).ResumeInCompletion);

    [Fact]
    public void ResumeInCompletion_ConfiguredOff_KeepsTheHandOver()
    {
        var factory = new ServerFactory();
        factory.Overrides["PatientDocs:ResumeInCompletion"] = "false";

        Assert.False(OptionsOf(factory).ResumeInCompletion);
    }

    private static RuntimeOptions OptionsOf(ServerFactory factory)
    {
        using (factory)
        {
            return factory.Services.GetRequiredService<IOptions<RuntimeOptions>>().Value;
        }
    }
}
