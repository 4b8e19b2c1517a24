"""On a moto server in auth mode, as the IAM user whose keys it is given,
creates an endpoint config and an endpoint for the model `e2e-model` (which
tests/moto_iam.py created), then sets what the endpoint answers through
moto's `/moto-api/static/sagemaker/endpoint-results`: moto answers each new
request with the next result of that queue, so the queue holds the same
answer for each of the test's calls.

Usage: python3 tests/moto_endpoint.py ENDPOINT KEY_ID SECRET NAME BODY CONTENT_TYPE VARIANT ATTRIBUTES
"""
import json
import sys
import urllib.request

import boto3


def main():
    endpoint, key_id, secret, name, body, content_type, variant, attributes = sys.argv[1:9]
    sagemaker = boto3.client(
        "sagemaker",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=key_id,
        aws_secret_access_key=secret,
    )
    sagemaker.create_endpoint_config(
        EndpointConfigName=f"{name}-config",
        ProductionVariants=[
            {
                "VariantName": variant,
                "ModelName": "e2e-model",
                "InitialInstanceCount": 1,
                "InstanceType": "ml.t2.medium",
            }
        ],
    )
    sagemaker.create_endpoint(EndpointName=name, EndpointConfigName=f"{name}-config")
    results = {
        "account_id": "123456789012",
        "region": "us-east-1",
        "results": [
            {
                "Body": body,
                "ContentType": content_type,
                "InvokedProductionVariant": variant,
                "CustomAttributes": attributes,
            }
        ]
        * 4,
    }
    request = urllib.request.Request(
        f"{endpoint}/moto-api/static/sagemaker/endpoint-results",
        data=json.dumps(results).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as answer:
        if answer.status != 201 and answer.status != 200:
            raise SystemExit(f"moto-api answered {answer.status}")
    print(json.dumps({"endpoint": sagemaker.describe_endpoint(EndpointName=name)["EndpointArn"]}))


if __name__ == "__main__":
    main()
