using System;
using System.Net.Http;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace GoModules.Http.Internal;

/// <summary>
/// Puts <see cref="ConnectionPersistenceHandler"/> innermost in the GoModules client's pipeline, after the handlers a
/// user added (a resilience or logging handler must see every request), and gives it a second primary handler built
/// with the same configuration actions as the first.
/// </summary>
internal sealed class ConnectionPersistenceFilter : IHttpMessageHandlerBuilderFilter
{
    private readonly string _clientName;
    private readonly IServiceProvider _services;
    private readonly IOptionsMonitor<HttpClientFactoryOptions> _options;

    public ConnectionPersistenceFilter(string clientName, IServiceProvider services, IOptionsMonitor<HttpClientFactoryOptions> options)
    {
        _clientName = clientName;
        _services = services;
        _options = options;
    }

    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return builder =>
        {
            next(builder);
            if (!string.Equals(builder.Name, _clientName, StringComparison.Ordinal) || builder.PrimaryHandler is not SocketsHttpHandler)
            {
                return;
            }

            // The same configuration actions on a builder of its own yield an identically configured primary handler;
            // the additional handlers that this also creates are not used.
            var twin = (HttpMessageHandlerBuilder)_services.GetService(typeof(HttpMessageHandlerBuilder))!;
            twin.Name = _clientName;
            foreach (var action in _options.Get(builder.Name).HttpMessageHandlerBuilderActions)
            {
                action(twin);
            }

            foreach (var unused in twin.AdditionalHandlers)
            {
                unused.Dispose();
            }

            if (twin.PrimaryHandler is SocketsHttpHandler unpooled)
            {
                builder.AdditionalHandlers.Add(new ConnectionPersistenceHandler(unpooled));
            }
            else
            {
                twin.PrimaryHandler.Dispose();
            }
        };
    }
}
