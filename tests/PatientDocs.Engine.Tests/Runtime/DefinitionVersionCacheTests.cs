using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;
using PatientDocs.Testing;

namespace PatientDocs.Engine.Tests.Runtime;

/// <summary>Bursts reuse a version for the cache's duration; an edit reaches them when forgotten here or when that passes.</summary>
public sealed class DefinitionVersionCacheTests
{
    private readonly InMemoryWorkflowStore _store = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private DefinitionVersionCache Cache(TimeSpan duration) =>
        new(_store, _clock, Options.Create(new RuntimeOptions { DefinitionCacheDuration = duration }));

    private async Task SaveDraftAsync(string name)
    {
        var definition = Wf.Def("cached", [Wf.A("a", "Elsa.WriteLine")], []);
        definition.Json["name"] = name;
        await _store.SaveDefinitionVersionsAsync([definition]);
    }

    [Fact]
    public async Task AVersion_IsReadOnce_UntilTheDurationPasses()
    {
        await SaveDraftAsync("first");
        var cache = Cache(TimeSpan.FromSeconds(5));
        var read = await cache.FindAsync("cached-v1", default);

        await SaveDraftAsync("edited elsewhere");
        _clock.Advance(TimeSpan.FromSeconds(4.9));
        var again = await cache.FindAsync("cached-v1", default);
        Assert.Same(read, again);

        _clock.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Equal("edited elsewhere", (await cache.FindAsync("cached-v1", default))!.Name);
    }

    [Fact]
    public async Task AVersionForgotten_IsReadAgainAtOnce()
    {
        await SaveDraftAsync("first");
        var cache = Cache(TimeSpan.FromSeconds(5));
        Assert.Equal("first", (await cache.FindAsync("cached-v1", default))!.Name);

        await SaveDraftAsync("edited here");
        cache.Forget("cached-v1");

        Assert.Equal("edited here", (await cache.FindAsync("cached-v1", default))!.Name);
    }

    [Fact]
    public async Task ADeletedDefinitionForgotten_IsNotFound_AndZeroDurationAlwaysReads()
    {
        await SaveDraftAsync("first");
        var cache = Cache(TimeSpan.FromSeconds(5));
        Assert.NotNull(await cache.FindAsync("cached-v1", default));

        await _store.DeleteDefinitionAsync("cached");
        cache.ForgetDefinition("cached");
        Assert.Null(await cache.FindAsync("cached-v1", default));

        await SaveDraftAsync("first");
        var uncached = Cache(TimeSpan.Zero);
        Assert.Equal("first", (await uncached.FindAsync("cached-v1", default))!.Name);
        await SaveDraftAsync("second");
        Assert.Equal("second", (await uncached.FindAsync("cached-v1", default))!.Name);
    }
}
