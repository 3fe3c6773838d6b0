package io.jobsuite.infra;

import java.util.List;
import java.util.Map;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.autoscaling.AdditionalHealthCheckType;
import software.amazon.awscdk.services.autoscaling.AdditionalHealthChecksOptions;
import software.amazon.awscdk.services.autoscaling.AutoScalingGroup;
import software.amazon.awscdk.services.autoscaling.GroupMetrics;
import software.amazon.awscdk.services.autoscaling.HealthChecks;
import software.amazon.awscdk.services.autoscaling.Ec2HealthChecksOptions;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.LaunchTemplate;
import software.amazon.awscdk.services.ec2.MachineImage;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.UserData;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * One service (worker, scheduler or api) as an Auto Scaling group of EC2 instances: its
 * own role, security group, log group and launch template. The three fleets differ only
 * in their {@link Spec}; what each may do in AWS beyond the common baseline is granted by
 * the caller on {@link #role()}.
 */
public class ServiceFleet extends Construct {

	/**
	 * Namespace the services' Micrometer registry publishes to; the only one they may
	 * write.
	 */
	static final String METRICS_NAMESPACE = "JobSuite";

	/**
	 * Boot (dnf, jar download) plus the JVM's start: no health check replaces an instance
	 * before then.
	 */
	static final Duration HEALTH_GRACE = Duration.minutes(5);

	private final Role role;

	private final SecurityGroup securityGroup;

	private final LogGroup logGroup;

	private final AutoScalingGroup autoScalingGroup;

	/**
	 * What varies between fleets.
	 *
	 * @param service service name, used in resource names, the jar key and the log file
	 * @param instanceType EC2 instance type
	 * @param minCapacity minimum instances
	 * @param maxCapacity maximum instances
	 * @param environment plain environment of the service (queue names, DB_URL, ...),
	 * never secrets
	 * @param behindLoadBalancer whether the group also takes the load balancer's health
	 * checks (the api); every fleet reports its own liveness
	 */
	public record Spec(String service, InstanceType instanceType, int minCapacity, int maxCapacity,
			Map<String, String> environment, boolean behindLoadBalancer) {
	}

	/**
	 * Shared inputs of every fleet.
	 *
	 * @param config the stage
	 * @param vpc where the instances run (private subnets with egress)
	 * @param databaseSecret the secret the unit reads at start
	 * @param artifacts the bucket holding the jars
	 */
	public record Shared(StageConfig config, IVpc vpc, ISecret databaseSecret, IBucket artifacts) {
	}

	public ServiceFleet(Construct scope, String id, Shared shared, Spec spec) {
		super(scope, id);
		StageConfig config = shared.config();
		String service = spec.service();
		this.logGroup = LogGroup.Builder.create(this, "Logs")
			.logGroupName("/jobsuite/" + config.stage() + "/" + service)
			.retention(config.isProd() ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_MONTH)
			.removalPolicy(config.removalPolicy())
			.build();
		this.role = Role.Builder.create(this, "Role")
			.roleName(config.name("jobsuite-" + service))
			.assumedBy(new ServicePrincipal("ec2.amazonaws.com"))
			.description("JobSuite " + service + " instances")
			// Session Manager replaces SSH: no key pair, no port 22.
			.managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName("AmazonSSMManagedInstanceCore")))
			.build();
		grantBaseline(shared, service);
		this.securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
			.vpc(shared.vpc())
			.description("JobSuite " + service + " instances")
			.allowAllOutbound(true)
			.build();

		String jarKey = config.artifactPrefix() + service + ".jar";
		String groupName = config.name("jobsuite-" + service);
		ServiceBootstrap bootstrap = new ServiceBootstrap(service,
				"s3://" + shared.artifacts().getBucketName() + "/" + jarKey, logGroup.getLogGroupName(),
				shared.databaseSecret().getSecretArn(), config.region(), groupName, spec.environment(),
				ServiceBootstrap.Layout.INSTANCE);
		// The on-instance liveness check reports to its own group only. The group's ARN
		// has
		// a generated id in the middle, hence the one wildcard.
		String groupArn = "arn:" + Aws.PARTITION + ":autoscaling:" + config.region() + ":" + config.account()
				+ ":autoScalingGroup:*:autoScalingGroupName/" + groupName;
		role.addToPolicy(PolicyStatement.Builder.create()
			.sid("ReportOwnHealth")
			.actions(List.of("autoscaling:SetInstanceHealth"))
			.resources(List.of(groupArn))
			.build());
		// Exactly one object: grantRead would add s3:List*/GetBucket* on the whole
		// bucket.
		role.addToPolicy(PolicyStatement.Builder.create()
			.sid("ReadServiceJar")
			.actions(List.of("s3:GetObject"))
			.resources(List.of(shared.artifacts().arnForObjects(jarKey)))
			.build());
		UserData userData = UserData.forLinux();
		userData.addCommands(bootstrap.commands().toArray(String[]::new));

		LaunchTemplate launchTemplate = LaunchTemplate.Builder.create(this, "LaunchTemplate")
			.launchTemplateName(config.name("jobsuite-" + service))
			.machineImage(MachineImage.latestAmazonLinux2023())
			.instanceType(spec.instanceType())
			.role(role)
			.securityGroup(securityGroup)
			.userData(userData)
			.requireImdsv2(true)
			.detailedMonitoring(true)
			.blockDevices(List.of(BlockDevice.builder()
				.deviceName("/dev/xvda")
				.volume(BlockDeviceVolume.ebs(20,
						EbsDeviceOptions.builder().encrypted(true).volumeType(EbsDeviceVolumeType.GP3).build()))
				.build()))
			.build();
		this.autoScalingGroup = AutoScalingGroup.Builder.create(this, "Group")
			.autoScalingGroupName(groupName)
			.vpc(shared.vpc())
			.vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
			.launchTemplate(launchTemplate)
			.minCapacity(spec.minCapacity())
			.maxCapacity(spec.maxCapacity())
			.groupMetrics(List.of(GroupMetrics.all()))
			.healthChecks(spec.behindLoadBalancer()
					? HealthChecks.withAdditionalChecks(AdditionalHealthChecksOptions.builder()
						.additionalTypes(List.of(AdditionalHealthCheckType.ELB))
						.gracePeriod(HEALTH_GRACE)
						.build())
					: HealthChecks.ec2(Ec2HealthChecksOptions.builder().gracePeriod(HEALTH_GRACE).build()))
			.build();
		Nag.suppress(autoScalingGroup, "AwsSolutions-AS3",
				"Scaling activity is in the group's activity history and GroupMetrics; the alarm topic is kept for"
						+ " actionable alarms (DLQ, message age, failures), not every launch/terminate.");
		Nag.suppress(role, "AwsSolutions-IAM4",
				"AmazonSSMManagedInstanceCore is the documented minimum for Session Manager, which replaces SSH"
						+ " (no key pair, no port 22).",
				"Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore");
		Nag.suppress(role, "AwsSolutions-IAM5",
				"cloudwatch:PutMetricData supports no resource-level permissions; the statement is scoped by the"
						+ " cloudwatch:namespace = JobSuite condition instead. xray:PutTraceSegments and"
						+ " xray:PutTelemetryRecords support none either.",
				"Resource::*");
		Nag.suppress(role, "AwsSolutions-IAM5",
				"An Auto Scaling group ARN carries a generated id; the statement names the group and allows only"
						+ " SetInstanceHealth, so an instance can report itself unhealthy to its own group.",
				"Resource::arn:<AWS::Partition>:autoscaling:" + config.region() + ":" + config.account()
						+ ":autoScalingGroup:*:autoScalingGroupName/" + groupName);
	}

	/**
	 * What every service needs: write its own logs, metrics and traces, read its jar and
	 * the database secret.
	 */
	private void grantBaseline(Shared shared, String service) {
		logGroup.grantWrite(role);
		logGroup.grant(role, "logs:DescribeLogStreams");
		shared.databaseSecret().grantRead(role);
		// PutMetricData has no resource-level permissions; the namespace condition is
		// what scopes it.
		role.addToPolicy(PolicyStatement.Builder.create()
			.sid("PublishJobSuiteMetrics")
			.actions(List.of("cloudwatch:PutMetricData"))
			.resources(List.of("*"))
			.conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", METRICS_NAMESPACE)))
			.build());
		// The CloudWatch agent's OTLP receiver hands the services' spans to X-Ray (see
		// ServiceBootstrap); X-Ray's writes have no resource-level permissions.
		role.addToPolicy(PolicyStatement.Builder.create()
			.sid("PublishTraces")
			.actions(List.of("xray:PutTraceSegments", "xray:PutTelemetryRecords"))
			.resources(List.of("*"))
			.build());
	}

	public IRole role() {
		return role;
	}

	public SecurityGroup securityGroup() {
		return securityGroup;
	}

	public AutoScalingGroup autoScalingGroup() {
		return autoScalingGroup;
	}

}
