namespace PatientDocs.Orders.Endpoints;

public sealed record OrderEventView(string Type, DateTimeOffset At);
