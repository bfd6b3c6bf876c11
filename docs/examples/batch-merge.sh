#!/bin/sh
# The last step of an AWS Batch or Step Functions run: fetch every shard's
# report, check none is missing, merge, publish. Same image (same pinned
# resilint) as the shards: merge refuses reports of another version.
set -eu
mkdir -p /tmp/shards /tmp/report
aws s3 cp --recursive "s3://${REPORT_BUCKET}/${RUN_ID}/shards/" /tmp/shards/
test "$(ls /tmp/shards/*.json | wc -l)" -eq "${SHARDS}"
code=0
resilint merge /tmp/shards/*.json --format json,sarif,html --output /tmp/report/ --fail-on high || code=$?
aws s3 cp --recursive /tmp/report/ "s3://${REPORT_BUCKET}/${RUN_ID}/report/"
exit "${code}"
