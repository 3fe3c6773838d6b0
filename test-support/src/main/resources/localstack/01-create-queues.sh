#!/bin/bash
# Creates the job queues, their dead-letter queues and redrive policies in LocalStack.
# Shared by docker compose (mounted into /etc/localstack/init/ready.d) and the Testcontainers path.
# Names follow JOBS_QUEUES_*; the defaults match jobsuite-defaults.yml.
set -euo pipefail

VISIBILITY="${JOBS_QUEUE_VISIBILITY_SECONDS:-60}"
MAX_RECEIVES="${JOBS_QUEUE_MAX_RECEIVE_COUNT:-5}"

create_with_dlq() {
  local name="$1" dlq fifo_attrs=""
  if [[ "$name" == *.fifo ]]; then
    dlq="${name%.fifo}-dlq.fifo"
    fifo_attrs=',"FifoQueue":"true"'
  else
    dlq="${name}-dlq"
  fi
  awslocal sqs create-queue --queue-name "$dlq" --attributes "{\"MessageRetentionPeriod\":\"1209600\"${fifo_attrs}}" >/dev/null
  local dlq_arn
  dlq_arn=$(awslocal sqs get-queue-attributes --queue-url "$(awslocal sqs get-queue-url --queue-name "$dlq" --output text)" \
    --attribute-names QueueArn --query Attributes.QueueArn --output text)
  local redrive="{\\\"deadLetterTargetArn\\\":\\\"${dlq_arn}\\\",\\\"maxReceiveCount\\\":\\\"${MAX_RECEIVES}\\\"}"
  awslocal sqs create-queue --queue-name "$name" \
    --attributes "{\"VisibilityTimeout\":\"${VISIBILITY}\",\"RedrivePolicy\":\"${redrive}\"${fifo_attrs}}" >/dev/null
  echo "created $name with dead-letter queue $dlq"
}

create_with_dlq "${JOBS_QUEUES_EXPRESS:-jobs-express}"
create_with_dlq "${JOBS_QUEUES_STANDARD:-jobs-standard}"
create_with_dlq "${JOBS_QUEUES_FIFO:-jobs-fifo.fifo}"
create_with_dlq "${JOBS_QUEUES_SCAN_TRIGGER:-scan-trigger}"
