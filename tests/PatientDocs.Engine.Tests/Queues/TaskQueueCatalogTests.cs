using Microsoft.Extensions.Options;
using PatientDocs.Engine.Queues;
using PatientDocs.Engine.Runtime;

namespace PatientDocs.Engine.Tests.Queues;

public sealed class TaskQueueCatalogTests
{
    private static TaskServicesOptions Seed() => new()
    {
        Services =
        {
            ["DocumentExchange"] = new TaskServiceOptions
            {
                Limits =
                {
                    ["SearchAndDownload"] = new RateLimitOptions { Permits = 10, Period = TimeSpan.FromMinutes(1), Guard = TimeSpan.FromMilliseconds(250), Drift = 0.01 },
                    ["Status"] = new RateLimitOptions { Permits = 10, Period = TimeSpan.FromSeconds(1) },
                },
                Queues =
                {
                    ["docex-search"] = new QueueOptions { Limit = "SearchAndDownload", Slots = 2 },
                    ["docex-download"] = new QueueOptions { Limit = "SearchAndDownload", Slots = 2 },
                    ["docex-status"] = new QueueOptions { Limit = "Status", Slots = 4 },
                },
            },
            ["Conversion"] = new TaskServiceOptions { Queues = { ["conversion"] = new QueueOptions { Slots = 8, Budget = 12288 } } },
        },
    };

    [Fact]
    public void Catalog_GroupsQueuesByTheirSharedLimit_AndScalesPeriodsAndDriftButNotTheGuard()
    {
        var catalog = new TaskQueueCatalog(Seed(), timeScale: 60);

        var shared = Assert.Single(catalog.Groups, g => g.Name == "DocumentExchange.SearchAndDownload");
        Assert.Equal(["docex-search", "docex-download"], shared.Queues.Select(q => q.Name).ToArray());
        // One minute at TimeScale 60 is a second; 1 % of it for drift, and the guard's quarter second unscaled.
        Assert.Equal(TimeSpan.FromMilliseconds(1260), shared.Limit!.Window);
        Assert.Equal(10, shared.Limit.Permits);
        // The one-minute hold scales to one second, below the two-second floor a normal request needs.
        Assert.Equal(TimeSpan.FromSeconds(2), shared.Limit.Hold);
        var conversion = Assert.Single(catalog.Groups, g => g.Name == "conversion");
        Assert.Null(conversion.Limit);
        Assert.Equal(12288, conversion.Queues[0].Budget);
        Assert.Equal(3, catalog.Groups.Count);
    }

    [Fact]
    public void Resolve_UnknownQueue_FallsBackToAnUnlimitedDefaultQueue()
    {
        var catalog = new TaskQueueCatalog(Seed(), defaultQueueSlots: 3);

        var queue = catalog.Resolve("mystery");

        Assert.True(queue.IsDefault);
        Assert.Null(queue.Limit);
        Assert.Equal(3, queue.Slots);
        Assert.Contains(catalog.Groups, g => g.Name == "mystery");
        Assert.False(catalog.IsConfigured("mystery"));
    }

    [Fact]
    public void Validate_NamesEveryBadKey()
    {
        var options = Seed();
        options.Services["DocumentExchange"].Queues["docex-search"].Limit = "Nope";
        options.Services["DocumentExchange"].Limits["Status"].Permits = 0;
        options.Services["Conversion"].Queues["conversion"].Slots = 0;

        var errors = options.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("PatientDocs:Services:DocumentExchange:Queues:docex-search:Limit", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("PatientDocs:Services:DocumentExchange:Limits:Status:Permits", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("PatientDocs:Services:Conversion:Queues:conversion:Slots", StringComparison.Ordinal));
    }

    [Fact]
    public void Catalog_GroupsAQueueWithAUnitLimit_AndValidationRefusesQueuesThatShareOneLimitButNotThePair()
    {
        var options = new TaskServicesOptions();
        options.Services["Llm"] = new TaskServiceOptions
        {
            Limits = { ["Requests"] = new RateLimitOptions { Permits = 60 }, ["Tokens"] = new RateLimitOptions { Permits = 40_000 } },
            Queues = { ["llm"] = new QueueOptions { Limit = "Requests", UnitLimit = "Tokens" } },
        };
        var group = Assert.Single(new TaskQueueCatalog(options).Groups);
        options.Services["Llm"].Queues["llm-other"] = new QueueOptions { Limit = "Requests" };
        options.Services["Llm"].Queues["llm-bad"] = new QueueOptions { Limit = "Tokens", UnitLimit = "Missing" };

        Assert.Equal(("Llm.Requests", "Llm.Tokens", 40_000), (group.Limit!.Name, group.UnitLimit!.Name, group.UnitLimit.Permits));
        Assert.Equal(
            [
                "PatientDocs:Services:Llm:Queues:llm-bad:UnitLimit names 'Missing', which is not in PatientDocs:Services:Llm:Limits.",
                "PatientDocs:Services:Llm:Queues:llm-other shares limit 'Requests' with queue llm but not its Limit and UnitLimit pairing.",
                "PatientDocs:Services:Llm:Queues:llm-bad:Limit names 'Tokens', which another queue uses as its UnitLimit.",
                "PatientDocs:Services:Llm:Queues:llm-bad shares limit 'Tokens' with queue llm but not its Limit and UnitLimit pairing.",
            ],
            options.Validate());
    }

    [Fact]
    public void RuntimeOptions_RejectANonPositiveTimeScale() =>
        Assert.Equal(["PatientDocs:TimeScale must be a positive number (was 0)."], new RuntimeOptions { TimeScale = 0 }.Validate());

    [Fact]
    public void StartToCloseTimeout_QueueOverridesService_AndBothScaleWithTimeScale()
    {
        var options = new TaskServicesOptions
        {
            Services =
            {
                ["Payments"] = new TaskServiceOptions
                {
                    StartToCloseTimeout = TimeSpan.FromSeconds(30),
                    Queues = { ["charge"] = new QueueOptions(), ["refund"] = new QueueOptions { StartToCloseTimeout = TimeSpan.FromSeconds(6) } },
                },
                ["Conversion"] = new TaskServiceOptions { Queues = { ["conversion"] = new QueueOptions() } },
            },
        };

        var catalog = new TaskQueueCatalog(options, timeScale: 3);

        Assert.Equal(TimeSpan.FromSeconds(10), catalog.Resolve("charge").StartToCloseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), catalog.Resolve("refund").StartToCloseTimeout);
        Assert.Null(catalog.Resolve("conversion").StartToCloseTimeout);
        Assert.Null(catalog.Resolve("unconfigured").StartToCloseTimeout);
    }

    [Fact]
    public void Validate_NamesANonPositiveStartToCloseTimeout()
    {
        var options = new TaskServicesOptions
        {
            Services =
            {
                ["Payments"] = new TaskServiceOptions
                {
                    StartToCloseTimeout = TimeSpan.Zero,
                    Queues = { ["charge"] = new QueueOptions { StartToCloseTimeout = TimeSpan.FromSeconds(-1) } },
                },
            },
        };

        Assert.Equal(
            [
                "PatientDocs:Services:Payments:Queues:charge:StartToCloseTimeout must be positive when set (was -00:00:01).",
                "PatientDocs:Services:Payments:StartToCloseTimeout must be positive when set (was 00:00:00).",
            ],
            options.Validate());
    }

    [Theory]
    [InlineData(1, 60_061)] // a minute's window: 60 ms for drift, 1 ms of guard
    [InlineData(60, 1_002)] // the bench's TimeScale: a second's window
    [InlineData(600, 101.1)] // the start storm's: a tenth of a second
    public void DefaultWidening_GrowsWithTheScaledWindow_ByOnePerMilleAndAMillisecond(double timeScale, double windowMs)
    {
        var options = new TaskServicesOptions
        {
            Services =
            {
                ["DocumentExchange"] = new TaskServiceOptions
                {
                    Limits = { ["SearchAndDownload"] = new RateLimitOptions { Permits = 10, Period = TimeSpan.FromMinutes(1) } },
                    Queues = { ["docex-search"] = new QueueOptions { Limit = "SearchAndDownload" } },
                },
            },
        };

        var catalog = new TaskQueueCatalog(options, timeScale);

        Assert.Equal(TimeSpan.FromMilliseconds(windowMs), catalog.Limits["DocumentExchange.SearchAndDownload"].Window);
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(0.5)]
    [InlineData(double.NaN)]
    public void Validate_NamesADriftOutsideZeroToATenth(double drift)
    {
        var options = new TaskServicesOptions
        {
            Services = { ["Payments"] = new TaskServiceOptions { Limits = { ["Calls"] = new RateLimitOptions { Drift = drift } } } },
        };

        var error = Assert.Single(options.Validate());
        Assert.StartsWith("PatientDocs:Services:Payments:Limits:Calls:Drift must be between 0 and 0.1 (was ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.1)]
    public void Validate_AcceptsTheEndsOfTheDriftRange(double drift)
    {
        var options = new TaskServicesOptions
        {
            Services = { ["Payments"] = new TaskServiceOptions { Limits = { ["Calls"] = new RateLimitOptions { Drift = drift } } } },
        };

        Assert.Empty(options.Validate());
    }
}
