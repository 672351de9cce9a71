namespace PatientDocs.Orders.Endpoints;

public sealed record OrderPaymentView(string? PaymentId, string Status, decimal Amount, int Attempts);
