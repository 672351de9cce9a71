using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace PatientDocs.Server.Security;

/// <summary>
/// Studio sessions, held in this process: the cookie carries only a random session id, and signing out deletes the
/// session here, so a copy of the cookie stops working too. A restart signs everyone out.
/// </summary>
public sealed class SessionTicketStore(TimeProvider clock) : ITicketStore
{
    private readonly ConcurrentDictionary<string, AuthenticationTicket> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        RemoveExpired();
        var id = RandomNumberGenerator.GetHexString(64, lowercase: true);
        _sessions[id] = ticket;
        return Task.FromResult(id);
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        // Only a live session is renewed: one removed by signing out stays removed.
        if (_sessions.TryGetValue(key, out var current))
        {
            _sessions.TryUpdate(key, ticket, current);
        }

        return Task.CompletedTask;
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        if (!_sessions.TryGetValue(key, out var ticket))
        {
            return Task.FromResult<AuthenticationTicket?>(null);
        }

        if (IsExpired(ticket))
        {
            _sessions.TryRemove(key, out _);
            return Task.FromResult<AuthenticationTicket?>(null);
        }

        return Task.FromResult<AuthenticationTicket?>(ticket);
    }

    public Task RemoveAsync(string key)
    {
        _sessions.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    private void RemoveExpired()
    {
        foreach (var (key, ticket) in _sessions)
        {
            if (IsExpired(ticket))
            {
                _sessions.TryRemove(key, out _);
            }
        }
    }

    private bool IsExpired(AuthenticationTicket ticket) =>
        ticket.Properties.ExpiresUtc is { } expires && expires <= clock.GetUtcNow();
}
