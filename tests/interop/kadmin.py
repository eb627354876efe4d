"""Creates a topic through confluent-kafka's AdminClient, whatever the broker: used by run.sh to
prepare topics for the client checks without depending on kt's own CLI.

    kadmin.py --bootstrap HOST:PORT create TOPIC PARTITIONS
"""
import sys

from confluent_kafka.admin import AdminClient, NewTopic

from checks import parser

p = parser(__doc__)
p.add_argument("action", choices=["create"])
p.add_argument("topic")
p.add_argument("partitions", type=int)
a = p.parse_args()
admin = AdminClient({"bootstrap.servers": a.bootstrap})
fut = admin.create_topics([NewTopic(a.topic, a.partitions, 1)], request_timeout=20)[a.topic]
try:
    fut.result(timeout=30)
except Exception as e:
    print(f"create {a.topic}: {e}", file=sys.stderr)
    sys.exit(1)
print(f"created {a.topic} ({a.partitions} partitions)")
