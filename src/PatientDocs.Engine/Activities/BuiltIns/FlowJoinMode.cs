namespace PatientDocs.Engine.Activities.BuiltIns;

public enum FlowJoinMode
{
    WaitAny,
    WaitAll,
    WaitAllActive,
}
