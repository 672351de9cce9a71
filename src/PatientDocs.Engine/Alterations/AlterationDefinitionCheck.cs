using PatientDocs.Engine.Flowcharts;

namespace PatientDocs.Engine.Alterations;

/// <summary>What can be told from the definition alone: the activities and variables named exist in the version the instance will run on.</summary>
public static class AlterationDefinitionCheck
{
    public static void Check(WorkflowModel model, string definitionId, int version, IReadOnlyList<Alteration> alterations, string field, List<AlterationError> errors)
    {
        for (var i = 0; i < alterations.Count; i++)
        {
            var activityId = alterations[i] switch
            {
                ScheduleActivity s => s.ActivityId,
                CancelActivity c => c.ActivityId,
                _ => null,
            };
            if (activityId is not null && !model.ActivitiesById.ContainsKey(activityId))
            {
                errors.Add(new AlterationError($"{field}[{i}].activityId", $"Activity '{activityId}' does not exist in version {version} of workflow definition '{definitionId}'."));
            }

            if (alterations[i] is ModifyVariable { VariableId: var variable } && !model.Variables.Exists(v => v.Id == variable || v.Name == variable))
            {
                errors.Add(new AlterationError($"{field}[{i}].variableId", $"Variable '{variable}' is not declared by version {version} of workflow definition '{definitionId}'."));
            }
        }
    }
}
