package io.jobsuite.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.ec2.InstanceClass;
import software.amazon.awscdk.services.ec2.InstanceSize;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/** The whole JobSuite deployment for one stage. */
public class JobSuiteStack extends Stack {

	private final JobQueues queues;

	private final Database database;

	private final Map<String, ServiceFleet> fleets = new LinkedHashMap<>();

	private final Monitoring monitoring;

	private final Identity identity;

	private final ServiceEnvironment serviceEnvironment;

	public JobSuiteStack(Construct scope, String id, StageConfig config) {
		super(scope, id,
				StackProps.builder()
					.env(Environment.builder().account(config.account()).region(config.region()).build())
					.description("JobSuite background-job suite (" + config.stage() + ")")
					.build());
		Tags.of(this).add("project", "jobsuite");
		Tags.of(this).add("stage", config.stage());

		Network network = new Network(this, "Network", config);
		this.queues = new JobQueues(this, "Queues", config);
		new ScanSchedule(this, "ScanSchedule", config, queues.scanTrigger().queue());
		this.database = new Database(this, "Database", config, network.vpc());

		this.identity = new Identity(this, "Identity", config);
		ApiEndpoint endpoint = new ApiEndpoint(this, "ApiEndpoint", config, network.vpc());
		// The pages' login needs HTTPS on the load balancer; without it only bearer
		// tokens
		// get in.
		UserPoolClient webClient = endpoint.https()
				? identity.addWebClient(endpoint.loginCallbackUrl(), endpoint.pagesUrl()) : null;
		List<String> clientIds = new ArrayList<>(List.of(identity.apiClient().getUserPoolClientId()));
		if (webClient != null) {
			clientIds.add(webClient.getUserPoolClientId());
		}
		this.serviceEnvironment = new ServiceEnvironment(config.stage(), config.region(),
				queues.express().queue().getQueueName(), queues.standard().queue().getQueueName(),
				queues.fifo().queue().getQueueName(), queues.scanTrigger().queue().getQueueName(), database.jdbcUrl(),
				identity.issuer(), clientIds,
				webClient == null ? null : identity.signOutUrl(webClient, endpoint.pagesUrl()));

		ServiceFleet.Shared shared = new ServiceFleet.Shared(config, network.vpc(), database.secret(),
				Bucket.fromBucketName(this, "Artifacts", config.artifactBucket()));
		InstanceType small = InstanceType.of(InstanceClass.T3, InstanceSize.SMALL);
		ServiceFleet worker = fleet(shared,
				new ServiceFleet.Spec("worker", InstanceType.of(InstanceClass.T3, InstanceSize.MEDIUM),
						config.workerMinCapacity(), config.workerMaxCapacity(), serviceEnvironment.forService("worker"),
						false));
		ServiceFleet scheduler = fleet(shared,
				new ServiceFleet.Spec("scheduler", small, 1, 2, serviceEnvironment.forService("scheduler"), false));
		ServiceFleet api = fleet(shared, new ServiceFleet.Spec("api", small, config.isProd() ? 2 : 1, 4,
				serviceEnvironment.forService("api"), true));

		grantWorker(worker.role());
		grantScheduler(scheduler.role());
		grantApi(api.role());
		fleets.forEach((service, fleet) -> database.allowFrom(fleet.securityGroup(), service));

		WorkerScaling.apply(worker.autoScalingGroup(), queues);
		FreshnessMetrics.scaleOnDrainForecast(worker.autoScalingGroup(), config);
		endpoint.forwardTo(api, identity, webClient);
		this.monitoring = new Monitoring(this, "Monitoring", config, queues);
		outputs(config, endpoint);
	}

	/** The services' environment, with this stack's tokens. */
	public ServiceEnvironment serviceEnvironment() {
		return serviceEnvironment;
	}

	private ServiceFleet fleet(ServiceFleet.Shared shared, ServiceFleet.Spec spec) {
		String id = Character.toUpperCase(spec.service().charAt(0)) + spec.service().substring(1) + "Fleet";
		ServiceFleet fleet = new ServiceFleet(this, id, shared, spec);
		fleets.put(spec.service(), fleet);
		return fleet;
	}

	/**
	 * Consumes the job queues and moves dead letters to their DLQs itself; sends to every
	 * job queue: a job that waits goes back as a delayed copy, and the relay it runs
	 * gives active jobs without a message a fresh one (docs/convergence.md).
	 */
	private void grantWorker(IRole role) {
		for (JobQueues.QueuePair pair : queues.jobQueues()) {
			pair.queue().grantConsumeMessages(role);
			pair.queue().grantSendMessages(role);
			pair.dlq().grantSendMessages(role);
		}
	}

	/** Listens on the scan trigger and enqueues sync jobs. */
	private void grantScheduler(IRole role) {
		queues.scanTrigger().queue().grantConsumeMessages(role);
		queues.jobQueues().forEach(pair -> pair.queue().grantSendMessages(role));
	}

	/**
	 * Enqueues Sync Now jobs, shows depth and age, and redrives DLQs (receive from the
	 * DLQ, send to the queue).
	 */
	private void grantApi(IRole role) {
		for (JobQueues.QueuePair pair : queues.all()) {
			pair.queue().grant(role, "sqs:GetQueueAttributes");
			pair.dlq().grant(role, "sqs:GetQueueAttributes");
		}
		for (JobQueues.QueuePair pair : queues.jobQueues()) {
			pair.queue().grantSendMessages(role);
			pair.dlq().grantConsumeMessages(role);
		}
	}

	private void outputs(StageConfig config, ApiEndpoint endpoint) {
		Map<String, IQueue> exported = new LinkedHashMap<>();
		exported.put("ExpressQueueName", queues.express().queue());
		exported.put("StandardQueueName", queues.standard().queue());
		exported.put("FifoQueueName", queues.fifo().queue());
		exported.put("ScanTriggerQueueName", queues.scanTrigger().queue());
		exported.forEach((id, queue) -> CfnOutput.Builder.create(this, id)
			.value(queue.getQueueName())
			.exportName(config.name(id))
			.build());
		CfnOutput.Builder.create(this, "DatabaseSecretArn").value(database.secret().getSecretArn()).build();
		CfnOutput.Builder.create(this, "DatabaseJdbcUrl").value(database.jdbcUrl()).build();
		CfnOutput.Builder.create(this, "ApiUrl")
			.value((config.certificateArn().isPresent() ? "https://" : "http://")
					+ endpoint.loadBalancer().getLoadBalancerDnsName())
			.build();
		CfnOutput.Builder.create(this, "UserPoolId").value(identity.userPool().getUserPoolId()).build();
		CfnOutput.Builder.create(this, "ApiClientId").value(identity.apiClient().getUserPoolClientId()).build();
		CfnOutput.Builder.create(this, "DashboardName").value(monitoring.dashboard().getDashboardName()).build();
	}

}
