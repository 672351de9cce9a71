using PatientDocs.Engine.Queues;

namespace PatientDocs.Engine.Tests.Queues;

public sealed class NodeCapacityTests
{
    private static (NodeCapacity Capacity, ResolvedQueue Queue) Conversion(int slots = 3, long? budget = 10)
    {
        var catalog = new TaskQueueCatalog(new TaskServicesOptions
        {
            Services = { ["Conversion"] = new TaskServiceOptions { Queues = { ["conversion"] = new QueueOptions { Slots = slots, Budget = budget } } } },
        });
        return (new NodeCapacity(catalog), catalog.Resolve("conversion"));
    }

    [Fact]
    public void TryTake_HoldsASlotAndTheWeight_UntilTheLeaseIsDisposed()
    {
        var (capacity, queue) = Conversion();

        using (var lease = capacity.TryTake(queue, 4))
        {
            Assert.NotNull(lease);
            Assert.Equal((2, 6L), capacity.Available(queue));
        }

        Assert.Equal((3, 10L), capacity.Available(queue));
    }

    [Fact]
    public void TryTake_RefusesWhenTheSlotsAreTaken_OrTheWeightDoesNotFit_AndHoldsNothingThen()
    {
        var (capacity, queue) = Conversion(slots: 2);
        var first = capacity.TryTake(queue, 7);
        Assert.NotNull(first);

        Assert.Null(capacity.TryTake(queue, 4));
        Assert.Equal((1, 3L), capacity.Available(queue));

        var second = capacity.TryTake(queue, 3);
        Assert.NotNull(second);
        Assert.Null(capacity.TryTake(queue, 0));
        Assert.Equal((0, 0L), capacity.Available(queue));
    }

    [Fact]
    public void AWeightlessTask_TakesASlot_EvenWhenTheBudgetIsSpent()
    {
        var (capacity, queue) = Conversion();
        using var heavy = capacity.TryTake(queue, 10);

        using var light = capacity.TryTake(queue, 0);

        Assert.NotNull(light);
        Assert.Equal((1, 0L), capacity.Available(queue));
    }

    [Fact]
    public void AQueueWithoutBudget_CountsOnlySlots()
    {
        var (capacity, queue) = Conversion(slots: 1, budget: null);

        using var lease = capacity.TryTake(queue, 1_000_000);

        Assert.NotNull(lease);
        Assert.Null(capacity.Budget("conversion"));
        Assert.Equal((0, (long?)null), capacity.Available(queue));
    }

    [Fact]
    public async Task OtherCodeDrawingOnTheBudget_IsCountedAgainstIt_AndTakeAsyncWaitsForItsRelease()
    {
        var (capacity, queue) = Conversion();
        var outside = await capacity.Budget("conversion")!.AcquireAsync(8);
        Assert.True(outside.IsAcquired);
        Assert.Equal((3, 2L), capacity.Available(queue));

        var waiting = capacity.TakeAsync(queue, 5, CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        outside.Dispose();
        using var lease = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(lease.IsAcquired);
        Assert.Equal((2, 5L), capacity.Available(queue));
    }

    [Fact]
    public void AWeightAboveTheWholeBudget_HoldsTheWholeBudget_RatherThanNeverRunning()
    {
        var (capacity, queue) = Conversion();

        using var lease = capacity.TryTake(queue, 50);

        Assert.NotNull(lease);
        Assert.Equal((2, 0L), capacity.Available(queue));
    }
}
