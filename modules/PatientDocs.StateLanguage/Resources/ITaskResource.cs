using System.Text.Json.Nodes;

namespace PatientDocs.StateLanguage.Resources;

/// <summary>
/// A real handler for a Task's <c>resource</c>, registered by a module or the host
/// (<c>services.AddTaskResource&lt;T&gt;()</c>). It runs as a task on <see cref="Queue"/>, so configuration can give that
/// queue slots and a rate limit like any service's. Throw <see cref="TaskResourceException"/> to fail with an error type
/// a retry or catch can name; any other exception fails with <c>TaskFailed</c>. Every resource not registered is a mock.
/// </summary>
public interface ITaskResource
{
    /// <summary>The name a definition's <c>resource</c> gives, for example <c>paymentService.charge</c>.</summary>
    string Name { get; }

    /// <summary>The task queue its calls run on.</summary>
    string Queue => StateLanguageModule.Queue;

    /// <summary>The object merged into the execution's data (null merges nothing).</summary>
    ValueTask<JsonObject?> RunAsync(ResourceCall call, CancellationToken cancellationToken);
}
