// The operations page: a snapshot polled every few seconds (/api/ops/snapshot) drawn with Chart.js, plus the live event
// stream (/api/events) for the event log and an early refresh when instances end. The snapshot alone keeps it working.
(function () {
    "use strict";
    var params = new URLSearchParams(window.location.search);
    var pollMs = Math.max(500, Number(params.get("poll")) || 3000);
    var pageSize = Math.min(200, Math.max(1, Number(params.get("pageSize")) || 20));
    var maxPoints = 120;
    var waitingPage = 0;
    var previous = null;
    var refreshing = false;
    var palette = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#475569", "#ea580c"];

    function api(path) { return new URL("../" + path, document.baseURI).href; }

    function lineChart(id, yTitle, yMax) {
        return new Chart(document.getElementById(id), {
            type: "line",
            data: { labels: [], datasets: [] },
            options: {
                animation: false,
                maintainAspectRatio: false,
                interaction: { mode: "index", intersect: false },
                elements: { point: { radius: 0 }, line: { borderWidth: 2, tension: 0.2 } },
                scales: {
                    x: { ticks: { maxTicksLimit: 8 } },
                    y: { beginAtZero: true, suggestedMax: yMax, title: { display: true, text: yTitle } }
                },
                plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
            }
        });
    }

    var charts = {
        limits: lineChart("limits-chart", "% used", 100),
        queues: lineChart("queues-chart", "tasks", undefined),
        instances: lineChart("instances-chart", "instances", undefined),
        throughput: lineChart("throughput-chart", "per minute", undefined)
    };

    // One point per snapshot on every chart; a series first seen later starts with gaps.
    function push(chart, label, values) {
        chart.data.labels.push(label);
        Object.keys(values).forEach(function (name) {
            var set = chart.data.datasets.find(function (d) { return d.label === name; });
            if (!set) {
                var color = palette[chart.data.datasets.length % palette.length];
                set = { label: name, data: new Array(chart.data.labels.length - 1).fill(null), borderColor: color, backgroundColor: color };
                chart.data.datasets.push(set);
            }
        });
        chart.data.datasets.forEach(function (set) {
            set.data.push(Object.prototype.hasOwnProperty.call(values, set.label) ? values[set.label] : null);
            while (set.data.length > maxPoints) { set.data.shift(); }
        });
        while (chart.data.labels.length > maxPoints) { chart.data.labels.shift(); }
        chart.update("none");
    }

    function text(value) { return value === null || value === undefined ? "" : String(value); }

    function cell(row, value, className) {
        var td = document.createElement("td");
        td.textContent = text(value);
        if (className) { td.className = className; }
        row.appendChild(td);
        return td;
    }

    function fill(tableId, items, build) {
        var body = document.querySelector("#" + tableId + " tbody");
        body.replaceChildren();
        items.forEach(function (item) {
            var row = document.createElement("tr");
            build(row, item);
            body.appendChild(row);
        });
    }

    function relative(at, now) {
        if (!at) { return "unknown"; }
        var seconds = (new Date(at) - new Date(now)) / 1000;
        if (seconds <= 0) { return "now"; }
        if (seconds < 120) { return "in " + Math.round(seconds) + " s"; }
        if (seconds < 7200) { return "in " + Math.round(seconds / 60) + " min"; }
        return "in " + Math.floor(seconds / 3600) + " h " + Math.round((seconds % 3600) / 60) + " min";
    }

    function render(snapshot) {
        var label = new Date(snapshot.at).toLocaleTimeString();
        var counts = snapshot.instances;
        document.getElementById("snapshot-at").textContent = "as of " + label;
        document.getElementById("count-running").textContent = counts.running;
        document.getElementById("count-suspended").textContent = counts.suspended;
        document.getElementById("count-executing").textContent = counts.executing;
        document.getElementById("count-incidents").textContent = counts.withIncidents;
        document.getElementById("count-finished").textContent = counts.finished;
        document.getElementById("count-faulted").textContent = counts.faulted;
        document.getElementById("count-cancelled").textContent = counts.cancelled;

        var limitValues = {};
        snapshot.limits.forEach(function (l) { limitValues[l.name] = Math.round(1000 * l.used / l.permits) / 10; });
        push(charts.limits, label, limitValues);

        var queueValues = {};
        snapshot.queues.forEach(function (q) { queueValues[q.name] = q.pending; });
        push(charts.queues, label, queueValues);

        push(charts.instances, label, { running: counts.running, waiting: counts.suspended, "with incidents": counts.withIncidents, faulted: counts.faulted });

        var ended = counts.finished + counts.faulted + counts.cancelled;
        if (previous) {
            var minutes = (new Date(snapshot.at) - new Date(previous.at)) / 60000;
            var perMinute = minutes > 0 ? Math.round(10 * Math.max(0, ended - previous.ended) / minutes) / 10 : 0;
            document.getElementById("throughput").textContent = perMinute;
            push(charts.throughput, label, { ended: perMinute });
        }
        previous = { at: snapshot.at, ended: ended };

        fill("limits", snapshot.limits, function (row, l) {
            cell(row, l.name); cell(row, l.rate); cell(row, l.used + " / " + l.permits);
        });
        fill("queues", snapshot.queues, function (row, q) {
            cell(row, q.name); cell(row, q.limit || "none"); cell(row, q.slots); cell(row, q.pending); cell(row, q.ready); cell(row, q.running);
        });
        fill("incidents", snapshot.incidents, function (row, i) {
            row.dataset.instanceId = i.instanceId;
            cell(row, i.instanceId); cell(row, i.name || i.definitionId); cell(row, i.incidentCount); cell(row, i.error);
            cell(row, new Date(i.updatedAt).toLocaleTimeString());
            var button = document.createElement("button");
            button.type = "button";
            button.className = "retry";
            button.textContent = "Retry";
            button.dataset.instanceId = i.instanceId;
            button.addEventListener("click", function () { retry(i.instanceId, button); });
            cell(row, "").appendChild(button);
        });

        var waiting = snapshot.waiting;
        document.getElementById("waiting-total").textContent = "(" + waiting.total + " waiting)";
        var first = waiting.page * waiting.pageSize;
        document.getElementById("waiting-page").textContent = waiting.total === 0 ? "" : (first + 1) + "–" + (first + waiting.items.length) + " of " + waiting.total;
        document.getElementById("waiting-prev").disabled = waiting.page === 0;
        document.getElementById("waiting-next").disabled = first + waiting.items.length >= waiting.total;
        fill("waiting", waiting.items, function (row, eta) {
            row.dataset.instanceId = eta.instanceId;
            row.dataset.basis = eta.basis;
            cell(row, eta.instanceId); cell(row, eta.definitionId);
            var at = cell(row, relative(eta.etaAt, snapshot.at), "eta");
            if (eta.etaAt) { at.title = new Date(eta.etaAt).toLocaleString(); }
            cell(row, relative(eta.lowerBound, snapshot.at), "lower-bound");
            cell(row, eta.basis); cell(row, eta.summary, "why");
        });
        document.body.dataset.snapshots = String(Number(document.body.dataset.snapshots || "0") + 1);
    }

    function refresh() {
        if (refreshing) { return Promise.resolve(); }
        refreshing = true;
        return fetch(api("api/ops/snapshot?page=" + waitingPage + "&pageSize=" + pageSize), { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (response) {
                if (response.status === 401) { window.location.href = api("studio/sign-in?returnUrl=" + encodeURIComponent(window.location.pathname + window.location.search)); }
                if (!response.ok) { throw new Error("snapshot answered " + response.status); }
                return response.json();
            })
            .then(render)
            .catch(function (error) { document.getElementById("snapshot-at").textContent = String(error.message || error); })
            .finally(function () { refreshing = false; });
    }

    function retry(instanceId, button) {
        button.disabled = true;
        var result = document.getElementById("retry-result");
        fetch(api("elsa/api/workflow-instances/" + encodeURIComponent(instanceId) + "/retry"), { method: "POST", credentials: "same-origin" })
            .then(function (response) {
                if (response.ok) {
                    result.textContent = "Retry of " + instanceId + " queued.";
                    result.dataset.outcome = "queued";
                    return null;
                }
                return response.json().then(function (problem) {
                    result.textContent = "Retry of " + instanceId + " refused: " + (problem.detail || problem.title || response.status);
                    result.dataset.outcome = "refused";
                });
            })
            .catch(function (error) { result.textContent = String(error); })
            .finally(refresh);
    }

    var pendingRefresh = null;
    function refreshSoon() {
        if (pendingRefresh === null) {
            pendingRefresh = setTimeout(function () { pendingRefresh = null; refresh(); }, 1000);
        }
    }

    function connect() {
        var status = document.getElementById("live-status");
        if (!window.EventSource) {
            status.dataset.state = "polling";
            status.textContent = "polling only";
            return;
        }
        var log = document.getElementById("events");
        var source = new EventSource(api("api/events"), { withCredentials: true });
        var types = ["workflow-started", "activity-started", "activity-completed", "activity-faulted", "activity-retrying",
            "workflow-suspended", "workflow-resumed", "workflow-finished", "workflow-faulted", "workflow-cancelled"];
        source.onopen = function () { status.dataset.state = "live"; status.textContent = "live"; };
        source.onerror = function () {
            // A stream that cannot open (not offered, or refused) stays closed; the snapshot goes on alone.
            if (source.readyState === EventSource.CLOSED) { status.dataset.state = "polling"; status.textContent = "polling only"; }
            else { status.dataset.state = "connecting"; status.textContent = "reconnecting…"; }
        };
        types.forEach(function (type) {
            source.addEventListener(type, function (event) {
                var data = {};
                try { data = JSON.parse(event.data); } catch (e) { data = {}; }
                var item = document.createElement("li");
                item.textContent = (data.at || "") + " " + type + " " + (data.instanceId || "") + (data.activityId ? " " + data.activityId : "");
                log.prepend(item);
                while (log.children.length > 50) { log.removeChild(log.lastChild); }
                if (type === "workflow-finished" || type === "workflow-faulted" || type === "workflow-cancelled") { refreshSoon(); }
            });
        });
    }

    document.getElementById("waiting-prev").addEventListener("click", function () { waitingPage = Math.max(0, waitingPage - 1); refresh(); });
    document.getElementById("waiting-next").addEventListener("click", function () { waitingPage += 1; refresh(); });
    refresh();
    setInterval(refresh, pollMs);
    connect();
})();
