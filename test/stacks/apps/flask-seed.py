# The seed: a Flask hello world, called from a page on another origin.
from flask import Flask
from werkzeug.serving import make_server

app = Flask(__name__)
# corslab: CORS goes here


@app.route("/")
def hello():
    return "Hello, World!"


server = make_server("127.0.0.1", 0, app, threaded=True)
print(f"listening on {server.server_port}", flush=True)
server.serve_forever()
