namespace PatientDocs.Integration.Tests.Support;

/// <summary>How a test request presents itself to a server with an API key.</summary>
public enum Credential
{
    None,
    WrongAuthorizationHeader,
    WrongXApiKeyHeader,
    AuthorizationHeader,
    XApiKeyHeader,
    SessionCookie,
}
