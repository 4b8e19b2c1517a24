"""Creates, on a moto server in auth mode, an IAM user allowed `sagemaker:*`,
and prints its access key as JSON. Uses exactly four unauthenticated actions,
so the server must be started with INITIAL_NO_AUTH_ACTION_COUNT=4. Then, as
that user, it creates the SageMaker model `e2e-model` that endpoint configs
need: no page documents CreateModel, so the generated crate cannot.

Usage: python3 tests/moto_iam.py http://127.0.0.1:PORT
"""
import json
import sys

import boto3


def main():
    endpoint = sys.argv[1]
    iam = boto3.client(
        "iam",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="bootstrap",
        aws_secret_access_key="bootstrap",
    )
    iam.create_user(UserName="sagemaker-e2e")
    key = iam.create_access_key(UserName="sagemaker-e2e")["AccessKey"]
    policy = iam.create_policy(
        PolicyName="sagemaker-all",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"}]}
        ),
    )
    iam.attach_user_policy(UserName="sagemaker-e2e", PolicyArn=policy["Policy"]["Arn"])
    sagemaker = boto3.client(
        "sagemaker",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )
    sagemaker.create_model(
        ModelName="e2e-model",
        PrimaryContainer={"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1"},
        ExecutionRoleArn="arn:aws:iam::123456789012:role/SageMakerRole",
    )
    json.dump({"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}, sys.stdout)


if __name__ == "__main__":
    main()
