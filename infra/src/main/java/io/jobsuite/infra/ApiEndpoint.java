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
import software.amazon.awscdk.services.elasticloadbalancingv2.AddApplicationActionProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCondition;
import software.amazon.awscdk.services.elasticloadbalancingv2.actions.AuthenticateCognitoAction;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.constructs.Construct;

/**
 * The public entry to the api-service: an internet-facing ALB that forwards to the api
 * fleet on 8080. With a certificate (HTTPS) the pages sit behind the load balancer's
 * Cognito login and the JSON API and health are forwarded as they are (the API checks the
 * bearer token itself); without one (dev only) everything is forwarded over plain HTTP
 * and only bearer tokens get in.
 */
public class ApiEndpoint extends Construct {

	static final int APP_PORT = ServiceEnvironment.API_PORT;

	/** Paths the load balancer forwards without its login: token-checked by the API. */
	static final List<String> TOKEN_PATHS = List.of("/api/*", "/actuator/health*", "/v3/api-docs*");

	private final StageConfig config;

	private final ApplicationLoadBalancer loadBalancer;

	private final SecurityGroup albSecurityGroup;

	public ApiEndpoint(Construct scope, String id, StageConfig config, IVpc vpc) {
		super(scope, id);
		this.config = config;
		int publicPort = https() ? 443 : 80;
		this.albSecurityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
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
		Nag.suppress(albSecurityGroup, "AwsSolutions-EC23",
				"The API is public by design; only the listener port (443, or 80 in dev without a certificate) is open.");
		Nag.suppress(loadBalancer, "AwsSolutions-ELB2",
				"Access logs need an S3 bucket with the regional ELB log-delivery principal; the services' own"
						+ " request logs reach CloudWatch Logs. Listed as a follow-up in the README.");
	}

	boolean https() {
		return config.certificateArn().isPresent();
	}

	/** The pages' start, where Cognito sends the browser after a sign-out. */
	String pagesUrl() {
		return "https://" + loadBalancer.getLoadBalancerDnsName() + "/";
	}

	/** Where Cognito sends the browser back after the login. */
	String loginCallbackUrl() {
		return pagesUrl() + "oauth2/idpresponse";
	}

	/**
	 * Forwards to the api fleet; with HTTPS, pages first pass the Cognito login of
	 * {@code webClient}.
	 */
	void forwardTo(ServiceFleet api, Identity identity, UserPoolClient webClient) {
		BaseApplicationListenerProps.Builder listenerProps = BaseApplicationListenerProps.builder()
			.port(https() ? 443 : 80)
			.open(false);
		config.certificateArn()
			.ifPresent(arn -> listenerProps.protocol(ApplicationProtocol.HTTPS)
				.certificates(List.of(ListenerCertificate.fromArn(arn)))
				.sslPolicy(SslPolicy.RECOMMENDED_TLS));
		if (!https()) {
			listenerProps.protocol(ApplicationProtocol.HTTP);
		}
		ApplicationListener listener = loadBalancer.addListener("Listener", listenerProps.build());
		// addTargets opens the fleet's security group to the ALB's on the app port only.
		ApplicationTargetGroup targets = listener.addTargets("Api",
				AddApplicationTargetsProps.builder()
					.port(APP_PORT)
					.protocol(ApplicationProtocol.HTTP)
					.targets(List.of(api.autoScalingGroup()))
					.deregistrationDelay(Duration.seconds(30))
					.healthCheck(
							HealthCheck.builder().path("/actuator/health/liveness").healthyHttpCodes("200").build())
					.build());
		if (webClient != null) {
			listener.addAction("TokenPaths",
					AddApplicationActionProps.builder()
						.priority(10)
						.conditions(List.of(ListenerCondition.pathPatterns(TOKEN_PATHS)))
						.action(ListenerAction.forward(List.of(targets)))
						.build());
			listener.addAction("PagesLogin",
					AddApplicationActionProps.builder()
						.action(AuthenticateCognitoAction.Builder.create()
							.userPool(identity.userPool())
							.userPoolClient(webClient)
							.userPoolDomain(identity.domain())
							.sessionTimeout(Duration.hours(8))
							.next(ListenerAction.forward(List.of(targets)))
							.build())
						.build());
		}
	}

	public ApplicationLoadBalancer loadBalancer() {
		return loadBalancer;
	}

}
