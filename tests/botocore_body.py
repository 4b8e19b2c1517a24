"""Builds the awsJson request body that botocore would send, without sending it.

Reads a JSON list of {"operation": ..., "params": {...}} on stdin and writes a
JSON list of {"body": {...}} or {"error": "..."} on stdout. botocore is a test
peer here: its serializer and parameter validator judge our requests; nothing
of its model is read by the project.
"""
import json
import sys

import botocore.session
from botocore import serialize, validate


def main():
    requests = json.load(sys.stdin)
    session = botocore.session.get_session()
    service = session.get_service_model("sagemaker")
    serializer = serialize.create_serializer("json", include_validation=False)
    validator = validate.ParamValidator()
    results = []
    for request in requests:
        try:
            operation = service.operation_model(request["operation"])
            report = validator.validate(request["params"], operation.input_shape)
            if report.has_errors():
                results.append({"error": report.generate_report()})
                continue
            built = serializer.serialize_to_request(request["params"], operation)
            body = built["body"]
            if isinstance(body, bytes):
                body = body.decode("utf-8")
            results.append({"body": json.loads(body) if body else {}, "target": built["headers"].get("X-Amz-Target")})
        except Exception as error:  # reported to the Rust test, which fails on it
            results.append({"error": f"{type(error).__name__}: {error}"})
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
