using Microsoft.Extensions.DependencyInjection;
using PatientDocs.Engine.Activities;

namespace PatientDocs.ContentPipeline.Activities;

/// <summary>
/// One LLM call as a task on the <c>llm</c> queue: its claim takes a request permit and charges its token estimate
/// (prompt plus maxTokens, what the service reserves) against the tokens-per-minute window; its completion corrects the
/// charge to the answer's usage.
/// </summary>
[Activity(ContentPipelineModule.Namespace, "LlmComplete", Category = ContentPipelineModule.Category, DisplayName = "LLM complete",
    Description = "Asks the LLM service for a completion, within its requests- and tokens-per-minute limits.", Kind = ActivityKind.Task)]
public sealed class LlmComplete : TaskActivity
{
    private const int CharactersPerToken = 4;

    [Input(DisplayName = "Step", Description = "The pipeline step this call is (sent to the service as its label).", Order = 0)]
    public string Step { get; set; } = "";

    [Input(DisplayName = "Prompt", Description = "The prompt.", Order = 1)]
    public string Prompt { get; set; } = "";

    [Input(DisplayName = "Max tokens", Description = "The longest completion, in tokens.", Order = 2)]
    public int MaxTokens { get; set; } = 256;

    [Output(DisplayName = "Text")]
    public string Text { get; set; } = "";

    [Output(DisplayName = "Total tokens")]
    public long TotalTokens { get; set; }

    public override string Queue => ContentPipelineModule.Queue;

    /// <summary>The service's reservation, rounded up, so the usage can never exceed the estimate.</summary>
    public override long Units => ((Prompt.Length + CharactersPerToken - 1) / CharactersPerToken) + Math.Max(0, MaxTokens);

    public override async ValueTask<TaskOutcome> RunAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Prompt) || MaxTokens < 1)
        {
            return TaskOutcome.Permanent("LlmComplete needs a prompt and maxTokens of at least 1.");
        }

        var client = context.Services.GetRequiredService<LlmClient>();
        var (answer, failure) = await client.CompleteAsync(context, Step, Prompt, MaxTokens, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        Text = answer!.Text;
        TotalTokens = answer.Usage.TotalTokens;
        return TaskOutcome.Completed() with { UnitsUsed = answer.Usage.TotalTokens };
    }
}
