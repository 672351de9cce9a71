using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using PatientDocs.Simulators.Gateway;

namespace PatientDocs.Simulators.Llm;

/// <summary>The routes of <c>/sim/llm</c>.</summary>
public static class LlmEndpoints
{
    public const string BasePath = "/sim/llm";
    public const int MaxPromptLength = 400_000;
    public const int MaxCompletionTokens = 32_000;
    private const int MaxStepLength = 100;

    public static RouteGroupBuilder MapLlm(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(BasePath);
        group.MapPost("/complete", CompleteAsync);
        group.MapPost("/rejections", ArmAsync);
        group.MapGet("/rejections", (LlmSimulator simulator) => TypedResults.Ok(simulator.Rejections()));
        group.MapGet("/usage", (LlmSimulator simulator) => TypedResults.Ok(simulator.Totals()));
        group.MapGet("/calls", (LlmSimulator simulator) => TypedResults.Ok(simulator.Calls()));
        group.MapGatewayEndpoints<LlmSimulator>();
        return group;
    }

    /// <summary>
    /// Validates the body (a 400 never reaches the gate), then the gate counts the request against requests per window,
    /// outages answer, the token window admits or refuses the reservation (prompt + maxTokens), and an armed rejection
    /// answers 422; otherwise the completion is written and the reservation corrected to its usage.
    /// </summary>
    private static async Task<IResult> CompleteAsync(HttpContext http, LlmSimulator simulator)
    {
        var arrivedAt = simulator.Now;
        var (body, error) = await JsonBody.ReadAsync<CompletionRequest>(http.Request);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrEmpty(body!.Prompt) || body.Prompt.Length > MaxPromptLength)
        {
            return JsonBody.Invalid("prompt", $"prompt is required, at most {MaxPromptLength} characters.");
        }

        if (body.MaxTokens is not (>= 1 and <= MaxCompletionTokens))
        {
            return JsonBody.Invalid("maxTokens", $"maxTokens is required, between 1 and {MaxCompletionTokens}.");
        }

        if (body.Step is { Length: > MaxStepLength })
        {
            return JsonBody.Invalid("step", $"step is at most {MaxStepLength} characters.");
        }

        TokenReservation? reservation = null;
        var refused = await simulator.Gate.EnterAsync(http, LlmSimulator.CompleteEndpoint, () =>
        {
            var (reserved, refusal) = simulator.Tokens.Reserve(TokenCount.Of(body.Prompt) + body.MaxTokens.Value);
            reservation = reserved;
            return refusal;
        });
        if (refused is not null)
        {
            return refused;
        }

        if (simulator.TakeRejection(body.Step))
        {
            simulator.Tokens.Correct(reservation!, 0);
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Completion rejected",
                detail: $"The service rejected the request of step '{body.Step}' (an armed rejection).");
        }

        var completion = await simulator.CompleteAsync(body.Prompt, body.MaxTokens.Value, body.Step, arrivedAt, http.RequestAborted);
        simulator.Tokens.Correct(reservation!, completion.Usage.TotalTokens);
        return TypedResults.Ok(completion);
    }

    private static async Task<IResult> ArmAsync(HttpRequest request, LlmSimulator simulator)
    {
        var (body, error) = await JsonBody.ReadAsync<RejectionRequest>(request);
        if (error is not null)
        {
            return error;
        }

        if (string.IsNullOrWhiteSpace(body!.Step) || body.Step.Length > MaxStepLength)
        {
            return JsonBody.Invalid("step", $"step is required, at most {MaxStepLength} characters.");
        }

        if (body.Count is not (>= 1 and <= 1000))
        {
            return JsonBody.Invalid("count", "count must be between 1 and 1000.");
        }

        simulator.ArmRejections(body.Step, body.Count.Value);
        return TypedResults.Ok(simulator.Rejections());
    }
}
