namespace PatientDocs.Bench.Runs;

/// <summary>Which way through <c>order_processing_workflow</c> an execution of the state-language scenario is steered by its mocks.</summary>
public enum OrderPath
{
    Happy,
    Backorder,
    PaymentError,
}
