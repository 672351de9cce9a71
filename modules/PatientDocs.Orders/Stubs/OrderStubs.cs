using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PatientDocs.Orders.Hosting;

namespace PatientDocs.Orders.Stubs;

/// <summary>
/// The seed's function stubs, in process: every call may fail at once or hang on the injected clock until cancelled. The
/// payment provider and the carrier dedupe by the id they are given, as real ones do by idempotency key; their counters are
/// what a test compares with the payments table.
/// </summary>
public sealed class OrderStubs(IOptions<OrdersOptions> options, TimeProvider time)
{
    public const string DeclinedToken = "tok_chargeDeclined";
    public const string UndeliverableLine = "UNDELIVERABLE";

    private readonly StubOptions _options = options.Value.Stubs;
    private readonly Lock _gate = new();
    private readonly Random? _seeded = options.Value.Stubs.Seed is { } seed ? new Random(seed) : null;
    private readonly ConcurrentDictionary<string, ChargeAnswer> _charges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _refunds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _dispatches = new(StringComparer.Ordinal);
    private int _chargeCalls;

    /// <summary>A test seam: awaited at the start of every call with the call's name (order_validated, payment_charged, …).</summary>
    public Func<string, CancellationToken, Task>? BeforeCall { get; set; }

    /// <summary>Charges the provider made (one per payment id, however often it was asked).</summary>
    public int Charges => _charges.Values.Count(c => c.Charged);

    /// <summary>Charge requests that reached the provider, repeats included.</summary>
    public int ChargeCalls => Volatile.Read(ref _chargeCalls);

    /// <summary>Refunds the provider made, by payment id.</summary>
    public IReadOnlyDictionary<string, int> Refunds => _refunds;

    public bool WasCharged(string paymentId) => _charges.TryGetValue(paymentId, out var answer) && answer.Charged;

    public Task ValidateAsync(CancellationToken cancellationToken) => FlakyAsync("order_validated", cancellationToken);

    public Task PrepareAsync(CancellationToken cancellationToken) => FlakyAsync("package_prepared", cancellationToken);

    /// <summary>
    /// A failure leaves before the provider sees the charge; a hang happens after it charged, so the answer is lost and
    /// only the payment id keeps the retry from charging twice.
    /// </summary>
    public async Task<ChargeAnswer> ChargeAsync(string paymentId, decimal amount, string token, CancellationToken cancellationToken)
    {
        await BeforeAsync("payment_charged", cancellationToken);
        var roll = Roll();
        if (roll < _options.FailureRate)
        {
            throw new StubFailureException("payment_charged");
        }

        Interlocked.Increment(ref _chargeCalls);
        var answer = _charges.GetOrAdd(paymentId, _ => token == DeclinedToken ? new ChargeAnswer(false, null) : new ChargeAnswer(true, $"ch_{paymentId}_{amount:0.00}"));
        if (roll < _options.FailureRate + _options.HangRate)
        {
            await Task.Delay(_options.HangTime, time, cancellationToken);
        }

        return answer;
    }

    public async Task RefundAsync(string paymentId, CancellationToken cancellationToken)
    {
        await FlakyAsync("payment_refunded", cancellationToken);
        if (WasCharged(paymentId))
        {
            _refunds.TryAdd(paymentId, 1);
        }
    }

    /// <summary>Hands the parcel to the carrier; its tracking id, or <see cref="CarrierRefusedException"/> for an undeliverable address.</summary>
    public async Task<string> DispatchAsync(string orderId, string addressLine1, CancellationToken cancellationToken)
    {
        await FlakyAsync("carrier_dispatched", cancellationToken);
        if (string.Equals(addressLine1.Trim(), UndeliverableLine, StringComparison.Ordinal))
        {
            throw new CarrierRefusedException($"The carrier refused dispatch: address line '{addressLine1}' is undeliverable.");
        }

        return _dispatches.GetOrAdd(orderId, id => $"TRK-{id}");
    }

    private async Task FlakyAsync(string call, CancellationToken cancellationToken)
    {
        await BeforeAsync(call, cancellationToken);
        var roll = Roll();
        if (roll < _options.FailureRate)
        {
            throw new StubFailureException(call);
        }

        if (roll < _options.FailureRate + _options.HangRate)
        {
            await Task.Delay(_options.HangTime, time, cancellationToken);
        }
    }

    private Task BeforeAsync(string call, CancellationToken cancellationToken) =>
        BeforeCall is { } before ? before(call, cancellationToken) : Task.CompletedTask;

    private double Roll()
    {
        if (_seeded is null)
        {
            return Random.Shared.NextDouble();
        }

        lock (_gate)
        {
            return _seeded.NextDouble();
        }
    }
}
