#!/bin/sh
# Entry point of an AWS Batch array job: one child per shard
# (`aws batch submit-job --array-properties size=N ...`), each writing its
# shard report to S3; a job that depends on the whole array
# (`--depends-on jobId=<array job id>`, no type) runs merge.sh.
# The image pins resilint (npm install -g resilint@0.1.0).
#
# Environment: SHARDS (N), REPORT_BUCKET, RUN_ID (e.g. the date), POLICY
# (a policy file baked into the image or fetched before this script).
set -eu
k=$((AWS_BATCH_JOB_ARRAY_INDEX + 1)) # Batch indexes from 0, --shard from 1
out="/tmp/shard-${k}.json"
# 0, 1 (failing results) and 3 (part not assessed) all leave a complete report; 2 is a usage error.
resilint scan --org --policy "${POLICY}" --shard "${k}/${SHARDS}" --format json --output "${out}" --quiet --fail-on none || [ $? -eq 3 ]
aws s3 cp "${out}" "s3://${REPORT_BUCKET}/${RUN_ID}/shards/shard-${k}.json"
