namespace PatientDocs.Engine.Activities.BuiltIns;

public enum ForkJoinMode
{
    WaitAll,
    WaitAny,
}
