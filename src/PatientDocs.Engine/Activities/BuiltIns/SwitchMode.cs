namespace PatientDocs.Engine.Activities.BuiltIns;

public enum SwitchMode
{
    MatchFirst,
    MatchAny,
}
