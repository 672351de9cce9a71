namespace PatientDocs.Integration.Tests.Orders;

/// <summary>
/// A timed measurement, not a check of behaviour: it runs only when <c>PATIENTDOCS_MEASURE=1</c>, since speed is measured on
/// a quiet machine (docs/bench.md), never asserted in the suite that CI runs beside other load.
/// </summary>
public sealed class MeasurementFactAttribute : FactAttribute
{
    public MeasurementFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("PATIENTDOCS_MEASURE") != "1")
        {
            Skip = "A timed measurement: run it with PATIENTDOCS_MEASURE=1 on a quiet machine (docs/bench.md).";
        }
    }
}
