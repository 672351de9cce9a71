using System.Text.Json.Nodes;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Definitions;
using PatientDocs.Engine.Execution;
using PatientDocs.Engine.Flowcharts;
using PatientDocs.Engine.Runtime;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Tests.Support;

/// <summary>Drives the interpreter the way a runtime would: keeps the state, the live bookmarks and everything written.</summary>
internal sealed class Harness
{
    public Harness(FlowchartExecutionMode? mode = null, double timeScale = 1, int maxJournal = 10_000, Action<ActivityRegistry>? configure = null)
    {
        Registry = new ActivityRegistry();
        Registry.Register<TestFetch>().Register<TestCounter>();
        configure?.Invoke(Registry);
        Interpreter = new WorkflowInterpreter(Registry, Time, new WorkflowEngineOptions
        {
            ExecutionModeOverride = mode,
            TimeScale = timeScale,
            MaxJournalRecordsPerBurst = maxJournal,
            WriteLine = (_, text) => Lines.Add(text),
        });
    }

    public FakeTimeProvider Time { get; } = new();
    public ActivityRegistry Registry { get; }
    public WorkflowInterpreter Interpreter { get; }
    public List<string> Lines { get; } = [];
    public List<BookmarkRecord> Bookmarks { get; } = [];
    public List<JournalRecord> Journal { get; } = [];
    public List<TaskRequest> Tasks { get; } = [];
    public string InstanceId { get; } = "inst-1";
    public string? State { get; private set; }
    public WorkflowDefinition? Definition { get; private set; }
    public BurstResult? Last { get; private set; }

    public BurstResult Start(WorkflowDefinition definition, JsonObject? input = null, string? correlationId = null)
    {
        Definition = definition;
        return Apply(Interpreter.Run(InstanceId, definition, null, new StartStimulus(input, correlationId)));
    }

    public BurstResult Resume(string bookmarkId, JsonNode? payload = null) => Apply(Interpreter.Run(InstanceId, Definition!, State, new ResumeStimulus(bookmarkId, payload)));

    public BurstResult Cancel() => Apply(Interpreter.Run(InstanceId, Definition!, State, new CancelStimulus()));

    public BurstResult Retry() => Apply(Interpreter.Run(InstanceId, Definition!, State, new RetryStimulus()));

    public BurstResult Alter(params Engine.Alterations.Alteration[] alterations) => Apply(Interpreter.Run(InstanceId, Definition!, State, new AlterStimulus(alterations)));

    public BurstResult TimeOut(TimeSpan timeout, int reopenings = 0) => Apply(Interpreter.Run(InstanceId, Definition!, State, new TimeoutStimulus(timeout, reopenings)));

    /// <summary>Elsa's test helper: resume every stored bookmark with no payload until finished or none remain.</summary>
    public BurstResult RunUntilEnd(WorkflowDefinition definition)
    {
        var result = Start(definition);
        var guard = 0;
        while (result.Status != WorkflowStatus.Finished && Bookmarks.Count > 0 && guard++ < 1000)
        {
            foreach (var bookmark in Bookmarks.ToList())
            {
                result = Resume(bookmark.Id);
            }
        }

        return result;
    }

    /// <summary>What a runtime does on each tick: resume only the timers that are due now.</summary>
    public int ResumeDueTimers()
    {
        var due = Bookmarks.Where(b => b.Kind == BookmarkKind.Timer && b.DueAt <= Time.GetUtcNow()).ToList();
        foreach (var b in due)
        {
            Resume(b.Id);
        }

        return due.Count;
    }

    public JsonObject StateObject => JsonNode.Parse(State!)!.AsObject();

    public int CompletedCount(string activityId) => Journal.Count(j => j.ActivityId == activityId && j.EventName == "Completed");

    private BurstResult Apply(BurstResult result)
    {
        Last = result;
        if (result.Ignored)
        {
            return result;
        }

        State = result.StateJson;
        Bookmarks.RemoveAll(b => result.RemovedBookmarkIds.Contains(b.Id));
        Bookmarks.AddRange(result.NewBookmarks);
        Journal.AddRange(result.Journal);
        Tasks.AddRange(result.Tasks);
        return result;
    }
}
