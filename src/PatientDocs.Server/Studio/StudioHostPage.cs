using System.Text.Json;

namespace PatientDocs.Server.Studio;

/// <summary>
/// Our host page for the Studio custom elements: a nav bar and a small path router that swaps the registered elements
/// (definition list, editor, instance list, viewer) and wires their callbacks, so links and the back button work.
/// It holds no secret: the elements call the API on this origin, and the browser adds the session cookie.
/// </summary>
public static class StudioHostPage
{
    private const string SignOutForm = """<form id="pd-sign-out" method="post" action="sign-out"><button type="submit">Sign out</button></form>""";

    /// <summary>No other site may show our pages in a frame, where a click or a typed key could be taken from the user.</summary>
    public static void ForbidFraming(HttpResponse response)
    {
        response.Headers.XFrameOptions = "DENY";
        response.Headers.ContentSecurityPolicy = "frame-ancestors 'none'";
    }

    public static string Render(PathString pathBase, bool signOut)
    {
        var config = JsonSerializer.Serialize(new { apiEndpoint = pathBase.Add("/elsa/api").Value });
        var baseHref = pathBase.Add(StudioEndpoints.BasePath).Value + "/";
        return Template
            .Replace("{{BASE_HREF}}", System.Net.WebUtility.HtmlEncode(baseHref), StringComparison.Ordinal)
            .Replace("{{OPS_HREF}}", System.Net.WebUtility.HtmlEncode(pathBase.Add(Operations.OperationsEndpoints.PagePath).Value), StringComparison.Ordinal)
            .Replace("{{SIGN_OUT}}", signOut ? SignOutForm : "", StringComparison.Ordinal)
            .Replace("{{CONFIG}}", config, StringComparison.Ordinal);
    }

    // System.Text.Json escapes <, > and & by default, so the config cannot close the script element.
    private const string Template = """
<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="utf-8"/>
    <meta name="viewport" content="width=device-width, initial-scale=1.0, maximum-scale=1.0, user-scalable=no"/>
    <title>PatientDocs Studio</title>
    <base href="{{BASE_HREF}}"/>
    <link rel="icon" type="image/png" sizes="32x32" href="_content/Elsa.Studio.Shell/favicon-32x32.png">
    <link href="_content/MudBlazor/MudBlazor.min.css" rel="stylesheet"/>
    <link href="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.css" rel="stylesheet"/>
    <link href="_content/Radzen.Blazor/css/material-base.css" rel="stylesheet">
    <link href="_content/Elsa.Studio.Shell/css/shell.css" rel="stylesheet">
    <link href="Elsa.Studio.Host.CustomElements.styles.css" rel="stylesheet">
    <style>
        html, body { margin: 0; height: 100%; font-family: Roboto, Helvetica, Arial, sans-serif; }
        #pd-nav { position: fixed; top: 0; left: 0; right: 0; height: 48px; display: flex; align-items: center; gap: 4px;
                  padding: 0 16px; background: #1e293b; color: #fff; z-index: 1000; box-sizing: border-box; }
        #pd-nav .pd-brand { font-weight: 600; margin-right: 24px; }
        #pd-nav a { color: #cbd5e1; text-decoration: none; padding: 6px 12px; border-radius: 4px; }
        #pd-nav a.pd-active, #pd-nav a:hover { color: #fff; background: #334155; }
        #pd-sign-out { margin: 0 0 0 auto; }
        #pd-sign-out button { color: #cbd5e1; background: none; border: 1px solid #475569; border-radius: 4px; padding: 5px 12px; cursor: pointer; font: inherit; }
        #pd-sign-out button:hover { color: #fff; background: #334155; }
        #pd-timeout { display: flex; align-items: center; gap: 6px; margin-left: 24px; font-size: 13px; color: #cbd5e1; }
        #pd-timeout[hidden] { display: none; }
        #pd-timeout input { width: 110px; padding: 4px 6px; border: 1px solid #475569; border-radius: 4px; background: #0f172a; color: #fff; font: inherit; }
        #pd-timeout button { color: #cbd5e1; background: none; border: 1px solid #475569; border-radius: 4px; padding: 4px 10px; cursor: pointer; font: inherit; }
        #pd-timeout-status { max-width: 420px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
        #pd-timeout-status.pd-error { color: #fca5a5; }
        #pd-view { position: absolute; top: 48px; left: 0; right: 0; bottom: 0; overflow: auto; }
        #pd-view > * { display: block; height: 100%; }
        #pd-loading { padding: 24px; color: #64748b; }
        #blazor-error-ui { display: none; position: fixed; bottom: 0; left: 0; right: 0; padding: 8px 16px;
                           background: #fef3c7; box-shadow: 0 -1px 2px rgba(0,0,0,.2); z-index: 2000; }
        #blazor-error-ui .dismiss { cursor: pointer; position: absolute; right: 12px; top: 8px; }
    </style>
</head>
<body>
<nav id="pd-nav">
    <span class="pd-brand">PatientDocs</span>
    <a href="workflows/definitions" data-pd-route="definitions">Definitions</a>
    <a href="workflows/instances" data-pd-route="instances">Instances</a>
    <a href="{{OPS_HREF}}" id="pd-ops-link">Operations</a>
    <form id="pd-timeout" hidden title="The workflow-level timeout (options.timeout): an instance that runs longer ends Faulted as TimedOut. Empty for none.">
        <label for="pd-timeout-value">Workflow timeout</label>
        <input id="pd-timeout-value" name="timeout" placeholder="none, e.g. PT30M" autocomplete="off"/>
        <button type="submit">Save</button>
        <span id="pd-timeout-status" role="status"></span>
    </form>
    {{SIGN_OUT}}
</nav>
<main id="pd-view"><div id="pd-loading">Loading Elsa Studio…</div></main>

<div id="blazor-error-ui">
    An unhandled error has occurred.
    <a href="" class="reload">Reload</a>
    <a class="dismiss">🗙</a>
</div>
<script>
window.patientDocsStudio = {{CONFIG}};
(function () {
    "use strict";
    var config = window.patientDocsStudio;
    var remoteEndpoint = new URL(config.apiEndpoint, window.location.origin).href.replace(/\/$/, "");
    var view = document.getElementById("pd-view");
    var renderCount = 0;

    // Paths mirror Elsa Studio's own routes, so a link the components navigate to themselves lands on the same screen.
    function parse(pathname) {
        var basePath = new URL(document.baseURI).pathname;
        var rest = pathname.indexOf(basePath) === 0 ? pathname.substring(basePath.length) : "";
        var parts = rest.split("/").filter(function (p) { return p.length > 0; }).map(decodeURIComponent);
        if (parts.length === 4 && parts[0] === "workflows" && parts[1] === "definitions" && parts[3] === "edit") {
            return { name: "editor", section: "definitions", id: parts[2] };
        }
        if (parts.length === 4 && parts[0] === "workflows" && parts[1] === "instances" && parts[3] === "view") {
            return { name: "viewer", section: "instances", id: parts[2] };
        }
        if (parts.length === 2 && parts[0] === "workflows" && parts[1] === "instances") {
            return { name: "instances", section: "instances" };
        }
        return { name: "definitions", section: "definitions" };
    }

    // Via Blazor so its NavigationManager learns the URL; else the lists' "?page=" replace writes a stale URL over ours.
    function navigate(relativePath) {
        var url = new URL(relativePath, document.baseURI);
        if (url.pathname !== window.location.pathname) {
            if (window.Blazor && typeof window.Blazor.navigateTo === "function") {
                window.Blazor.navigateTo(url.pathname, { replaceHistoryEntry: false });
            } else {
                window.history.pushState({}, "", url.pathname);
            }
        }
        render();
    }

    function editDefinition(definitionId) {
        navigate("workflows/definitions/" + encodeURIComponent(definitionId) + "/edit");
    }

    function viewInstance(instanceId) {
        navigate("workflows/instances/" + encodeURIComponent(instanceId) + "/view");
    }

    function createElement(route, current) {
        var tag, attributes = {}, properties = {};
        switch (route.name) {
            case "editor":
                tag = "elsa-workflow-definition-editor";
                attributes["definition-id"] = route.id;
                break;
            case "viewer":
                tag = "elsa-workflow-instance-viewer";
                attributes["instance-id"] = route.id;
                properties.editWorkflowDefinition = editDefinition;
                break;
            case "instances":
                tag = "elsa-workflow-instance-list";
                properties.viewWorkflowInstance = viewInstance;
                break;
            default:
                tag = "elsa-workflow-definition-list";
                properties.editWorkflowDefinition = editDefinition;
                break;
        }
        return customElements.whenDefined(tag).then(function () {
            if (current !== renderCount) {
                return null;
            }

            var element = document.createElement(tag);
            element.setAttribute("remote-endpoint", remoteEndpoint);
            Object.keys(attributes).forEach(function (name) { element.setAttribute(name, attributes[name]); });
            // Callbacks are element properties (camelCased Blazor parameters); set after the element is upgraded.
            Object.keys(properties).forEach(function (name) { element[name] = properties[name]; });
            // Attached in the same task it is created in: Blazor renders the root on the next microtask.
            view.replaceChildren(element);
            return element;
        });
    }

    // Stock Studio's Settings tab has no field for our timeout option, so the editor screen gets one in the nav bar. It saves
    // through the same save endpoint as Studio, into the latest version (a new draft when the latest is published), and
    // Studio's own saves keep it because they never send the key.
    var timeoutForm = document.getElementById("pd-timeout");
    var timeoutInput = document.getElementById("pd-timeout-value");
    var timeoutStatus = document.getElementById("pd-timeout-status");

    function latestDefinition(definitionId) {
        var url = remoteEndpoint + "/workflow-definitions/by-definition-id/" + encodeURIComponent(definitionId) + "?versionOptions=Latest";
        return fetch(url, { headers: { "Accept": "application/json" } }).then(function (response) {
            if (!response.ok) {
                throw new Error("reading the definition answered " + response.status);
            }
            return response.json();
        });
    }

    function showTimeoutStatus(text, isError) {
        timeoutStatus.textContent = text;
        timeoutStatus.classList.toggle("pd-error", isError);
    }

    function loadTimeout(route) {
        timeoutForm.hidden = route.name !== "editor";
        timeoutForm.setAttribute("data-definition-id", route.name === "editor" ? route.id : "");
        showTimeoutStatus("", false);
        if (route.name !== "editor") {
            return;
        }
        timeoutInput.value = "";
        latestDefinition(route.id).then(function (definition) {
            timeoutInput.value = (definition.options && definition.options.timeout) || "";
            timeoutForm.setAttribute("data-loaded", "true");
        }).catch(function (error) { showTimeoutStatus(error.message, true); });
    }

    timeoutForm.addEventListener("submit", function (event) {
        event.preventDefault();
        var definitionId = timeoutForm.getAttribute("data-definition-id");
        var value = timeoutInput.value.trim();
        showTimeoutStatus("Saving…", false);
        latestDefinition(definitionId).then(function (model) {
            model.options = model.options || {};
            model.options.timeout = value.length > 0 ? value : null;
            return fetch(remoteEndpoint + "/workflow-definitions", {
                method: "POST",
                headers: { "Content-Type": "application/json", "Accept": "application/json" },
                body: JSON.stringify({ model: model, publish: false }),
            });
        }).then(function (response) {
            return response.json().catch(function () { return {}; }).then(function (body) {
                if (!response.ok) {
                    var errors = body.errors || {};
                    var messages = Object.keys(errors).map(function (key) { return key + ": " + errors[key].join(" "); });
                    throw new Error(messages.length > 0 ? messages.join("; ") : (body.detail || body.title || "saving answered " + response.status));
                }
                var saved = body.workflowDefinition || body;
                var version = saved.version;
                showTimeoutStatus((value.length > 0 ? "Timeout " + value : "No timeout") + " saved in version " + version
                    + (saved.isPublished ? "." : " (a draft: publish to apply it)."), false);
            });
        }).catch(function (error) { showTimeoutStatus(error.message, true); });
    });

    function render() {
        var route = parse(window.location.pathname);
        loadTimeout(route);
        var current = ++renderCount;
        document.querySelectorAll("#pd-nav a[data-pd-route]").forEach(function (link) {
            link.classList.toggle("pd-active", link.getAttribute("data-pd-route") === route.section);
        });
        document.body.setAttribute("data-pd-screen", route.name);
        // A removed element disposes its Blazor root one second later; two live roots clash (MudBlazor's popover section).
        var hadElement = view.querySelector("[remote-endpoint]") !== null;
        view.replaceChildren();
        var delay = hadElement ? 1100 : 0;
        // The element is created only after the wait: constructing it already adds its Blazor root.
        new Promise(function (resolve) { setTimeout(resolve, delay); }).then(function () {
            return current === renderCount ? createElement(route, current) : null;
        });
    }

    document.getElementById("pd-nav").addEventListener("click", function (event) {
        var link = event.target.closest("a[data-pd-route]");
        if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.button === 0) {
            event.preventDefault();
            navigate(link.getAttribute("href"));
        }
    });
    window.addEventListener("popstate", render);
    window.patientDocsStudio.navigate = navigate;
    render();
})();
</script>
<script src="_content/BlazorMonaco/jsInterop.js"></script>
<script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/loader.js"></script>
<script src="_content/BlazorMonaco/lib/monaco-editor/min/vs/editor/editor.main.js"></script>
<script src="_content/MudBlazor/MudBlazor.min.js"></script>
<script src="_content/CodeBeam.MudBlazor.Extensions/MudExtensions.min.js"></script>
<script src="_content/Radzen.Blazor/Radzen.Blazor.js"></script>
<script src="_framework/blazor.webassembly.js"></script>
</body>
</html>
""";
}
