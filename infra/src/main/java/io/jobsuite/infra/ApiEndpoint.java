package io.jobsuite.infra;

import java.util.List;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationTargetsProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationListener;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.constructs.Construct;

/**
 * The public entry to the api-service: an internet-facing ALB that forwards to the api
 * fleet on 8080. HTTPS when a certificate ARN is configured, plain HTTP otherwise (dev
 * only, see the README).
 */
public class ApiEndpoint extends Construct {

	static final int APP_PORT = 8080;

	private final ApplicationLoadBalancer loadBalancer;

	public ApiEndpoint(Construct scope, String id, StageConfig config, IVpc vpc, ServiceFleet api) {
		super(scope, id);
		boolean https = config.certificateArn().isPresent();
		int publicPort = https ? 443 : 80;
		SecurityGroup albSecurityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
			.vpc(vpc)
			.description("JobSuite API load balancer")
			.allowAllOutbound(false)
			.build();
		albSecurityGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(publicPort), "Public API");
		this.loadBalancer = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
			.loadBalancerName(config.name("jobsuite-api"))
			.vpc(vpc)
			.internetFacing(true)
			.securityGroup(albSecurityGroup)
			.dropInvalidHeaderFields(true)
			.build();
		BaseApplicationListenerProps.Builder listenerProps = BaseApplicationListenerProps.builder()
			.port(publicPort)
			.open(false);
		config.certificateArn()
			.ifPresent(arn -> listenerProps.protocol(ApplicationProtocol.HTTPS)
				.certificates(List.of(ListenerCertificate.fromArn(arn)))
				.sslPolicy(SslPolicy.RECOMMENDED_TLS));
		if (!https) {
			listenerProps.protocol(ApplicationProtocol.HTTP);
		}
		ApplicationListener listener = loadBalancer.addListener("Listener", listenerProps.build());
		// addTargets opens the fleet's security group to the ALB's on the app port only.
		listener.addTargets("Api",
				AddApplicationTargetsProps.builder()
					.port(APP_PORT)
					.protocol(ApplicationProtocol.HTTP)
					.targets(List.of(api.autoScalingGroup()))
					.deregistrationDelay(Duration.seconds(30))
					.healthCheck(HealthCheck.builder().path("/actuator/health").healthyHttpCodes("200").build())
					.build());
		Nag.suppress(albSecurityGroup, "AwsSolutions-EC23",
				"The API is public by design; only the listener port (443, or 80 in dev without a certificate) is open.");
		Nag.suppress(loadBalancer, "AwsSolutions-ELB2",
				"Access logs need an S3 bucket with the regional ELB log-delivery principal; the services' own"
						+ " request logs reach CloudWatch Logs. Listed as a follow-up in the README.");
	}

	public ApplicationLoadBalancer loadBalancer() {
		return loadBalancer;
	}

}
