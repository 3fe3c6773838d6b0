package io.jobsuite.infra;

import java.util.List;

import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Three tiers: public subnets for the load balancer and NAT, private subnets with egress
 * for the service instances (they reach SQS, S3, Secrets Manager and dnf through NAT),
 * isolated subnets for MySQL.
 */
public class Network extends Construct {

	private final Vpc vpc;

	public Network(Construct scope, String id, StageConfig config) {
		super(scope, id);
		this.vpc = Vpc.Builder.create(this, "Vpc")
			.vpcName(config.name("jobsuite"))
			.maxAzs(2)
			// One NAT keeps dev cheap; prod gets one per AZ so losing an AZ does not cut
			// the other off.
			.natGateways(config.isProd() ? 2 : 1)
			.subnetConfiguration(List.of(subnet("public", SubnetType.PUBLIC),
					subnet("app", SubnetType.PRIVATE_WITH_EGRESS), subnet("data", SubnetType.PRIVATE_ISOLATED)))
			.build();
		LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
			.logGroupName("/jobsuite/" + config.stage() + "/vpc-flow-logs")
			.retention(config.isProd() ? RetentionDays.THREE_MONTHS : RetentionDays.ONE_MONTH)
			.removalPolicy(config.removalPolicy())
			.build();
		vpc.addFlowLog("FlowLog",
				FlowLogOptions.builder()
					.destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
					.trafficType(FlowLogTrafficType.REJECT)
					.build());
	}

	private static SubnetConfiguration subnet(String name, SubnetType type) {
		return SubnetConfiguration.builder().name(name).subnetType(type).cidrMask(24).build();
	}

	public Vpc vpc() {
		return vpc;
	}

}
