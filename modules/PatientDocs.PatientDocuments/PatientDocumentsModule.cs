using System.Reflection;
using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Tasks;
using PatientDocs.PatientDocuments.Activities;

namespace PatientDocs.PatientDocuments;

/// <summary>What the server registers with the engine: the module's activity types (or its whole assembly).</summary>
public static class PatientDocumentsModule
{
    public static Assembly Assembly => typeof(PatientDocumentsModule).Assembly;

    /// <summary>Every task activity of the module, in workflow order.</summary>
    public static IReadOnlyList<Type> ActivityTypes { get; } =
    [
        typeof(GetPatient),
        typeof(CreateTrackerItem),
        typeof(SearchDocuments),
        typeof(WaitForSearchJob),
        typeof(DownloadArchive),
        typeof(ConvertDocuments),
        typeof(UpdatePatientStatus),
        typeof(UpdateTrackerStatus),
        typeof(GenerateReport),
        typeof(AppendReport),
    ];

    /// <summary>The activity log file: <c>{dataFolder}/activity-log.csv</c>.</summary>
    public static string ActivityLogPath(string dataFolder) => Path.Combine(dataFolder, "activity-log.csv");

    /// <summary>Creates a task activity by type with no constructor arguments (activities resolve services from the TaskContext).</summary>
    public static TaskActivity Create(Type activityType) => (TaskActivity)Activator.CreateInstance(activityType)!;
}
