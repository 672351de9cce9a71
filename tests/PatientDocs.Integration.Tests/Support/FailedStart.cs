using System.Reflection;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace PatientDocs.Integration.Tests.Support;

/// <summary>Starts a server that must refuse to start, and returns the validation failure it refused with.</summary>
public static class FailedStart
{
    private const int Attempts = 3;

    /// <summary>
    /// The test host has a race of its own on a failed start: the app's run disposes the host while the factory still reads
    /// its services, which surfaces as an ObjectDisposedException instead of the start's exception. Such a start is tried
    /// again with a new factory (a few times at most); any other exception fails the test, printed whole.
    /// </summary>
    public static OptionsValidationException Of(Func<(IDisposable Owner, WebApplicationFactory<PatientDocs.Server.Program> Server)> create)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (owner, server) = create();
            Exception exception;
            using (owner)
            using (server)
            {
                exception = Xunit.Assert.ThrowsAny<Exception>(() => server.CreateClient());
            }

            var unwrapped = Unwrap(exception);
            if (unwrapped is ObjectDisposedException && attempt < Attempts)
            {
                continue;
            }

            return unwrapped as OptionsValidationException
                ?? throw new Xunit.Sdk.XunitException($"expected an OptionsValidationException, got: {exception}");
        }
    }

    private static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException or TargetInvocationException && exception.InnerException is not null)
        {
            exception = exception.InnerException!;
        }

        return exception;
    }
}
