# The Python sample of the seed (endpoint_get_profiles_list.rst, "Request examples"), repaired as little as
# possible so that it runs: the undefined `payload` is defined, a pagination loop follows `next_token`, and the
# nested `attributes` are flattened into columns (the seed would write them as one column of Python reprs).
# Everything else is the seed's approach: requests.request() per page without a Session, response.json(),
# csv.DictWriter with the header taken from the first profile.
#
# Usage: AMPERITY_BASE_URL=... AMPERITY_TOKEN=... AMPERITY_TENANT=... python3 seed_export.py <indexId> <out.csv> [limit]
# The token comes from the environment, never from the command line.
import requests
import json
import csv
import os
import sys

index_id = sys.argv[1]
csv_file_path = sys.argv[2]

# URL for Profiles endpoint
url = os.environ["AMPERITY_BASE_URL"] + "/indexes/" + index_id + "/profiles"

# Required headers
headers = {
  'accept': 'application/json',
  'authorization': 'Bearer ' + os.environ["AMPERITY_TOKEN"],
  'amperity-tenant': os.environ["AMPERITY_TENANT"],
  'api-version': os.environ.get("AMPERITY_API_VERSION", "2025-07-31")
}

# Repair: the seed passes `payload` without defining it.
payload = {'limit': int(sys.argv[3]) if len(sys.argv) > 3 else 1000}


# Repair: one column per attribute instead of one column holding the whole dict.
def flatten(entry):
  row = {key: value for key, value in entry.items() if key != 'attributes'}
  row.update(entry.get('attributes') or {})
  return row


# Write data to a CSV file
with open(csv_file_path, mode='w', newline='') as file:
  writer = None
  while True:
    # Get the response from the Profiles endpoint
    response = requests.request("GET", url, headers=headers, params=payload)
    response.raise_for_status()
    response_json = response.json()

    if writer is None:
      # Extract headers from the first data entry
      writer = csv.DictWriter(file, fieldnames=list(flatten(response_json["data"][0]).keys()))
      writer.writeheader()
    for entry in response_json["data"]:
      writer.writerow(flatten(entry))

    # Repair: follow the cursor until the last page (no next_token).
    next_token = response_json.get("next_token")
    if not next_token:
      break
    payload['next_token'] = next_token

print("CSV file generated successfully.")
