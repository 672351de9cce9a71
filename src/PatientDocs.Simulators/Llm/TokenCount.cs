namespace PatientDocs.Simulators.Llm;

/// <summary>The service's tokenizer: one token per four characters, rounded up (at least one for any text).</summary>
public static class TokenCount
{
    public const int CharactersPerToken = 4;

    public static long Of(string text) => text.Length == 0 ? 0 : (text.Length + CharactersPerToken - 1) / CharactersPerToken;
}
