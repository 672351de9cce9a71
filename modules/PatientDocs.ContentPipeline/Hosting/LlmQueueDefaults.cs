using PatientDocs.Engine.Queues;

namespace PatientDocs.ContentPipeline.Hosting;

/// <summary>
/// The LLM's limits where configuration is silent: 60 requests and 40,000 tokens per minute (the simulator's defaults), the
/// <c>llm</c> queue drawing on both (tokens as its weighted <c>UnitLimit</c>), and retries that follow the service's Retry-After.
/// </summary>
public static class LlmQueueDefaults
{
    public static void Apply(TaskServicesOptions options)
    {
        if (!options.Services.TryGetValue(ContentPipelineModule.Service, out var service))
        {
            options.Services[ContentPipelineModule.Service] = service = new TaskServiceOptions
            {
                Retry = new RetryOptions { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30), Deadline = TimeSpan.FromMinutes(30) },
            };
        }

        service.Limits.TryAdd(ContentPipelineModule.RequestsLimit, new RateLimitOptions { Permits = 60, Period = TimeSpan.FromMinutes(1) });
        service.Limits.TryAdd(ContentPipelineModule.TokensLimit, new RateLimitOptions { Permits = 40_000, Period = TimeSpan.FromMinutes(1) });
        service.Queues.TryAdd(ContentPipelineModule.Queue, new QueueOptions
        {
            Limit = ContentPipelineModule.RequestsLimit,
            UnitLimit = ContentPipelineModule.TokensLimit,
            Slots = 16,
        });
    }
}
