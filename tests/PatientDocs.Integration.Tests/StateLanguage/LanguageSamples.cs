namespace PatientDocs.Integration.Tests.StateLanguage;

/// <summary>Definitions the language tests share: the shipped sample, and one definition using every state type in each format.</summary>
internal static class LanguageSamples
{
    public static string SampleYaml()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PatientDocs.sln")))
            {
                return File.ReadAllText(Path.Combine(dir.FullName, "workflows", "state-language", "order_processing_workflow.yaml"));
            }
        }

        throw new InvalidOperationException("PatientDocs.sln not found above " + AppContext.BaseDirectory);
    }

    public const string EveryTypeYaml = """
        name: every_type
        version: 2.10
        startAt: charge
        states:
          charge:
            type: Task
            resource: paymentService.charge
            next: decide
            timeout: 12.5
            compensation: paymentService.refund
            retry:
              maxAttempts: 4
              intervalSeconds: 0.5
              backoffMultiplier: 3
              errorTypes: [TransientError, TimeoutError]
            catch:
              - errorTypes: [PaymentError, FraudError]
                next: failed
              - errorType: States.ALL
                next: failed
          decide:
            type: Choice
            choices:
              - condition:
                  and:
                    - variable: $.total
                      numericGreaterThan: 100
                    - not:
                        variable: $.vip
                        booleanEquals: true
                next: hold
              - condition:
                  or:
                    - variable: $.country
                      stringEquals: "NO"
                    - variable: $.coupon
                      isPresent: true
                next: stamp
            default: pause
          hold:
            type: Wait
            event: approved
            next: pause
          pause:
            type: Wait
            seconds: 30
            next: until
          until:
            type: Wait
            timestamp: 2026-01-31T09:00:00Z
            next: stamp
          stamp:
            type: Pass
            result:
              stamped: true
              count: 3
              ratio: 1.50
              label: "true"
              plain: hello
              nothing: null
              nested: {a: [1, two]}
            next: fan_out
          fan_out:
            type: Parallel
            branches:
              - startAt: ship
                states:
                  ship:
                    type: Task
                    resource: fulfillmentService.ship
                    end: true
              - startAt: notify
                states:
                  notify:
                    type: Pass
                    next: notified
                  notified:
                    type: Success
            next: done
          done:
            type: Success
          failed:
            type: Fail
            error: OrderFailed
            cause: The order could not be completed
        """;

    public const string EveryTypeJson = """
        {
          "name": "every_type",
          "version": 2.10,
          "startAt": "charge",
          "states": {
            "charge": {
              "type": "Task", "resource": "paymentService.charge", "next": "decide", "timeout": 12.5,
              "compensation": "paymentService.refund",
              "retry": { "maxAttempts": 4, "intervalSeconds": 0.5, "backoffMultiplier": 3, "errorTypes": ["TransientError", "TimeoutError"] },
              "catch": [ { "errorTypes": ["PaymentError", "FraudError"], "next": "failed" }, { "errorType": "States.ALL", "next": "failed" } ]
            },
            "decide": {
              "type": "Choice",
              "choices": [
                { "condition": { "and": [ { "variable": "$.total", "numericGreaterThan": 100 },
                                          { "not": { "variable": "$.vip", "booleanEquals": true } } ] }, "next": "hold" },
                { "condition": { "or": [ { "variable": "$.country", "stringEquals": "NO" },
                                         { "variable": "$.coupon", "isPresent": true } ] }, "next": "stamp" }
              ],
              "default": "pause"
            },
            "hold": { "type": "Wait", "event": "approved", "next": "pause" },
            "pause": { "type": "Wait", "seconds": 30, "next": "until" },
            "until": { "type": "Wait", "timestamp": "2026-01-31T09:00:00Z", "next": "stamp" },
            "stamp": {
              "type": "Pass",
              "result": { "stamped": true, "count": 3, "ratio": 1.50, "label": "true", "plain": "hello", "nothing": null, "nested": { "a": [1, "two"] } },
              "next": "fan_out"
            },
            "fan_out": {
              "type": "Parallel",
              "branches": [
                { "startAt": "ship", "states": { "ship": { "type": "Task", "resource": "fulfillmentService.ship", "end": true } } },
                { "startAt": "notify", "states": { "notify": { "type": "Pass", "next": "notified" }, "notified": { "type": "Success" } } }
              ],
              "next": "done"
            },
            "done": { "type": "Success" },
            "failed": { "type": "Fail", "error": "OrderFailed", "cause": "The order could not be completed" }
          }
        }
        """;
}
