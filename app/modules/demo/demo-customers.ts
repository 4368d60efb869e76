/** The demo program's charter customers: who they are, and the people of their decision-making units. */

export type DemoPerson = [name: string, title: string];
export type DemoCustomer = {
  name: string;
  segment: string;
  /** Kept apart from the industry: the reference library filters by industry and shows the size beside it. */
  size: string;
  domain: string;
  notes: string;
  status: "enrolled" | "active";
  buyer: DemoPerson;
  champion: DemoPerson;
  gatekeeper: DemoPerson;
  users: DemoPerson[];
};

/** A realistic field-service program with eight charter customers and full decision-making units. */
export const demoCustomers: DemoCustomer[] = [
  {
    name: "Harbor Mechanical",
    segment: "HVAC services",
    size: "220 technicians",
    domain: "harbormech.example",
    notes: "Runs dispatch from a whiteboard and two spreadsheets; overtime is their stated pain.",
    status: "active",
    buyer: ["Dana Whitfield", "VP Operations"],
    champion: ["Marcus Lee", "Dispatch Lead"],
    gatekeeper: ["Priya Raman", "IT Manager"],
    users: [["Tom Becker", "Dispatcher"], ["Alicia Gomez", "Dispatcher"], ["Sam Okafor", "Senior Dispatcher"], ["Jen Park", "Scheduler"]],
  },
  {
    name: "Brightline Elevators",
    segment: "Elevator maintenance",
    size: "140 technicians",
    domain: "brightline.example",
    notes: "Regulatory inspection windows drive their schedule; wants SLA visibility for the COO.",
    status: "active",
    buyer: ["Gregory Hale", "Chief Operating Officer"],
    champion: ["Nina Sorensen", "Service Coordinator"],
    gatekeeper: ["Victor Chen", "Head of IT Security"],
    users: [["Luis Ortega", "Dispatcher"], ["Hannah Boyd", "Dispatcher"], ["Ravi Patel", "Planner"]],
  },
  {
    name: "Cascade Pest Control",
    segment: "Pest control",
    size: "90 technicians",
    domain: "cascadepest.example",
    notes: "Route density matters more than skills matching. Seasonal peaks in spring.",
    status: "active",
    buyer: ["Melissa Grant", "Owner & CEO"],
    champion: ["Derek Nguyen", "Operations Manager"],
    gatekeeper: ["Olga Petrova", "IT Consultant"],
    users: [["Kayla Brooks", "Dispatcher"], ["Jamal Wright", "Route Planner"], ["Erin Walsh", "Customer Service Lead"]],
  },
  {
    name: "Summit Solar Services",
    segment: "Solar O&M",
    size: "160 technicians",
    domain: "summitsolar.example",
    notes: "Multi-day jobs and crews of two; asked for a crew view in the first call.",
    status: "active",
    buyer: ["Andrew Kim", "VP Field Services"],
    champion: ["Sofia Rossi", "Scheduling Manager"],
    gatekeeper: ["Ben Adler", "Director of IT"],
    users: [["Carlos Mendes", "Scheduler"], ["Lily Zhang", "Scheduler"], ["Owen Murphy", "Dispatcher"], ["Grace Holm", "Dispatcher"], ["Ahmed Karim", "Planner"]],
  },
  {
    name: "Northgate Facilities",
    segment: "Facilities management",
    size: "400 technicians",
    domain: "northgatefm.example",
    notes: "Largest account; procurement requires a security review before any paid pilot.",
    status: "active",
    buyer: ["Patricia Dunn", "SVP Operations"],
    champion: ["Kevin Osei", "Service Desk Manager"],
    gatekeeper: ["Martin Vogel", "CISO"],
    users: [["Rachel Stein", "Dispatcher"], ["Diego Alvarez", "Dispatcher"], ["Mei Tanaka", "Coordinator"], ["Chris Doyle", "Coordinator"]],
  },
  {
    name: "Riverbend Plumbing",
    segment: "Residential plumbing",
    size: "60 technicians",
    domain: "riverbendplumbing.example",
    notes: "Family business, decisions are quick. Wants SMS arrival windows for homeowners.",
    status: "active",
    buyer: ["Frank Moretti", "Owner"],
    champion: ["Tina Moretti", "Office Manager"],
    gatekeeper: ["Jake Sullivan", "Office IT (part-time)"],
    users: [["Amy Chen", "Dispatcher"], ["Rob Turner", "Dispatcher"], ["Lena Fischer", "Customer Care"]],
  },
  {
    name: "Keystone Security Systems",
    segment: "Alarm installation",
    size: "110 technicians",
    domain: "keystonesec.example",
    notes: "Joined in the second recruiting wave; active from round 2, still short of users answering.",
    status: "enrolled",
    buyer: ["Laura Bennett", "General Manager"],
    champion: ["Isaac Morgan", "Install Scheduler"],
    gatekeeper: ["Yusuf Demir", "Network Administrator"],
    users: [["Paige Collins", "Scheduler"], ["Nate Rivera", "Dispatcher"], ["Zoe Hart", "Dispatcher"]],
  },
  {
    name: "Meridian Medical Equipment",
    segment: "Biomedical field service",
    size: "75 engineers",
    domain: "meridianmed.example",
    notes: "Hospital customers demand audit trails; their gatekeeper will ask about data residency.",
    status: "enrolled",
    buyer: ["Dr. Helen Shaw", "Director of Service"],
    champion: ["Oscar Lindqvist", "Service Planner"],
    gatekeeper: ["Fatima Noor", "Compliance & IT Lead"],
    users: [["Ethan Ross", "Planner"], ["Maya Singh", "Dispatcher"], ["Julia Costa", "Dispatcher"]],
  },
];

export const emailOf = (name: string, domain: string) =>
  `${name.replace(/^Dr\.\s+/, "").toLowerCase().replace(/[^a-z ]/g, "").trim().replace(/\s+/g, ".")}@${domain}`;
