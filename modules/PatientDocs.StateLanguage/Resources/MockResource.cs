using System.Globalization;
using System.Text.Json.Nodes;
using PatientDocs.StateLanguage.Activities;

namespace PatientDocs.StateLanguage.Resources;

/// <summary>
/// Runs a resource no handler is registered for, as the execution input's <c>mock.&lt;resource&gt;</c> says:
/// <c>sleepSeconds</c> delays each attempt (divided by TimeScale), <c>alwaysFail</c> fails every attempt, <c>failTimes: n</c>
/// fails the first n attempts of this resource in the execution, both with <c>errorType</c> (default TaskFailed);
/// otherwise it answers <c>output</c>, or its default: <c>{}</c>, and <c>{"inventoryAvailable": true}</c> for
/// <c>inventoryService.check</c>.
/// </summary>
public static class MockResource
{
    public const string InventoryCheck = "inventoryService.check";

    /// <summary>The resource's settings in the execution input's <c>mock</c> object, or null when it has none.</summary>
    public static JsonObject? SettingsOf(JsonObject? mocks, string resource) => mocks?[resource] as JsonObject;

    /// <summary>True when the outcome depends on how many attempts this resource has had before in the execution.</summary>
    public static bool CountsAttempts(JsonObject? settings) => JsonNumber.Read(settings?["failTimes"]) is > 0;

    /// <param name="attemptInExecution">1 for the resource's first attempt in the execution, counting every Task that names it.</param>
    public static async ValueTask<JsonObject?> RunAsync(
        string resource, JsonObject? settings, int attemptInExecution, TimeProvider time, double timeScale, CancellationToken cancellationToken)
    {
        if (JsonNumber.Read(settings?["sleepSeconds"]) is { } sleep && sleep > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(sleep / timeScale), time, cancellationToken).ConfigureAwait(false);
        }

        var errorType = settings?["errorType"] is JsonValue t && t.TryGetValue<string>(out var type) && type.Length > 0 ? type : ErrorTypes.TaskFailed;
        if (settings?["alwaysFail"] is JsonValue always && always.TryGetValue<bool>(out var fails) && fails)
        {
            throw new TaskResourceException(errorType, $"{resource} failed (mock alwaysFail, attempt {attemptInExecution}).");
        }

        if (JsonNumber.Read(settings?["failTimes"]) is { } failTimes && attemptInExecution <= failTimes)
        {
            throw new TaskResourceException(errorType, string.Create(CultureInfo.InvariantCulture, $"{resource} failed (mock failTimes {failTimes}, attempt {attemptInExecution})."));
        }

        if (settings?["output"] is JsonObject output)
        {
            return (JsonObject)output.DeepClone();
        }

        return resource == InventoryCheck ? new JsonObject { ["inventoryAvailable"] = true } : [];
    }
}
