using PatientDocs.Engine.Activities;
using PatientDocs.Engine.Storage;

namespace PatientDocs.Engine.Runtime;

/// <summary>
/// Waits for the HTTP response an instance writes in a later burst (after it suspended for a task, say), on whichever node
/// runs that burst: a burst committed here wakes the waiter at once, one committed elsewhere is seen at the next poll of
/// the store. Gives up (null) when the instance ends or faults without a response, or at the deadline.
/// </summary>
public sealed class HttpResponseWaiter(IWorkflowStore store, WorkSignal signal, TimeProvider time)
{
    public async Task<HttpResponseData?> WaitAsync(string instanceId, TimeSpan timeout, TimeSpan pollInterval, CancellationToken cancellationToken = default)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            // Taken before reading the store, so a commit between the reads and the wait is not missed.
            var committed = signal.CommitOf(instanceId);
            try
            {
                // The instance first: a response is committed with the state, so one read after "ended" cannot miss it.
                var instance = await store.FindInstanceAsync(instanceId, cancellationToken).ConfigureAwait(false);
                if (await store.FindHttpResponseAsync(instanceId, cancellationToken).ConfigureAwait(false) is { } response)
                {
                    return response;
                }

                var now = time.GetUtcNow();
                if (instance is null || HasEnded(instance) || now >= deadline)
                {
                    return null;
                }

                var next = now + pollInterval;
                await WorkSignal.WaitAsync(committed, next < deadline ? next : deadline, time, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                signal.ForgetCommit(instanceId, committed);
            }
        }
    }

    // A faulted instance stays Running for an operator retry, but nothing answers this request before someone acts.
    private static bool HasEnded(InstanceRecord instance) =>
        instance.Status == WorkflowStatus.Finished || instance.SubStatus is WorkflowSubStatus.Faulted or WorkflowSubStatus.Cancelled;
}
