package io.llmrelay.ingest.reply;

import java.time.Clock;

import io.llmrelay.ingest.IngestProperties;
import io.llmrelay.ingest.RelayKafkaProperties;
import io.llmrelay.ingest.kafka.KafkaClientConfig;
import io.llmrelay.ingest.kafka.RequestPublisher;
import io.llmrelay.schemas.topic.Topics;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReplyConfiguration {

    @Bean
    PendingReplies pendingReplies() {
        return new PendingReplies();
    }

    @Bean
    ReplyListener replyListener(RelayKafkaProperties kafka, IngestProperties ingest, PendingReplies pending,
                                ConfigurableApplicationContext context) {
        return new ReplyListener(
                KafkaClientConfig.standaloneConsumer(kafka, "request-ingest-replies-" + ingest.instanceId()),
                Topics.RESULTS.withPrefix(kafka.topicPrefix()), ingest.replyPartition(), kafka.operationTimeout(),
                pending,
                // from a thread of its own: closing the context stops the listener, which joins the listener's
                // thread, and that is the thread asking. Not a daemon (the listener's thread is one, and would
                // pass that on), so the JVM waits for the close to finish.
                () -> Thread.ofPlatform().name("reply-listener-failed").daemon(false).start(context::close));
    }

    @Bean
    ReplyMetrics replyMetrics(ReplyListener replyListener) {
        return new ReplyMetrics(replyListener);
    }

    @Bean
    RequestReply requestReply(RequestPublisher publisher, PendingReplies pending, Clock clock) {
        return new RequestReply(publisher, pending, clock);
    }
}
