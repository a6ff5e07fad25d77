print("kumo")
