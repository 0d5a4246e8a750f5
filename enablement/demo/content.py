"""Demo content for Enablement Hub.

Everything here describes **Fieldline**, a fictional SaaS platform for field
operations (crew scheduling, dispatch, safety/compliance checklists and
analytics). Its four products are Fieldline Schedule, Fieldline Dispatch,
Fieldline Comply and Fieldline Insights.

The data is plain Python so the demo loader can seed a fresh install:

* ``DEMO_USERS`` -- three marketers who own the library and four sales reps.
* ``ASSETS`` -- case studies, email templates, testimonials, white papers and
  sales aids. ``review_by_days`` is relative to the day the demo is loaded
  (negative values are already overdue for review). Market slugs match the
  ``markets`` keys in ``feeds.yml``. White paper ``document_sections`` are
  rendered into a PDF attachment by the loader.

All companies, people and figures are invented.
"""

DEMO_USERS = [
    {"email": "maya.chen@fieldline.example", "name": "Maya Chen", "role": "marketing"},
    {"email": "daniel.okafor@fieldline.example", "name": "Daniel Okafor", "role": "marketing"},
    {"email": "priya.raman@fieldline.example", "name": "Priya Raman", "role": "marketing"},
    {"email": "luis.ortega@fieldline.example", "name": "Luis Ortega", "role": "rep"},
    {"email": "hannah.kowalski@fieldline.example", "name": "Hannah Kowalski", "role": "rep"},
    {"email": "marcus.bell@fieldline.example", "name": "Marcus Bell", "role": "rep"},
    {"email": "aisha.grant@fieldline.example", "name": "Aisha Grant", "role": "rep"},
]

ASSETS = [
    # ------------------------------------------------------------------
    # Case studies
    # ------------------------------------------------------------------
    {
        "kind": "case_study",
        "title": "Harbor & Pine Builders cuts safety paperwork by 41% across 38 active jobsites",
        "summary": (
            "A Pacific Northwest general contractor replaced carbon-copy JHAs and a shared "
            "scheduling spreadsheet with Fieldline Comply and Fieldline Schedule, cutting "
            "safety paperwork time 41% and crew no-shows 22%."
        ),
        "body": """\
## At a glance

**Customer:** Harbor & Pine Builders, commercial general contractor (Seattle, WA)
**Field workforce:** 640 employees plus ~90 subcontractor crews
**Products:** Fieldline Comply, Fieldline Schedule

## The short version

Harbor & Pine's superintendents were spending their Friday afternoons chasing job hazard analyses, toolbox-talk sign-in sheets and fall-protection inspections. When an OSHA compliance officer visited a Tacoma site, it took the safety team **three days** to assemble the records he asked for.

They piloted Fieldline Comply on four jobsites, then rolled it out to all 38 in nine weeks. Fieldline Schedule replaced the crew spreadsheet at the same time, so foremen get tomorrow's assignment (and the certifications it requires) by 3 p.m.

## Results

- **41% less time** spent by superintendents on safety paperwork
- **22% fewer** crew no-shows thanks to next-day confirmations
- OSHA 300 log prep down from **three days to about four hours**
- Experience modification rate improved from **0.94 to 0.81**

## How to use this story

- Lead with it for **Safety Managers** at GCs and specialty contractors with 200+ field staff.
- The EMR improvement lands well with **CFOs**: a lower EMR means lower workers' comp premiums and better bid eligibility.
- Renata Alvarez (VP Field Operations) is an approved reference for late-stage deals; request her through the customer marketing queue, not directly.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["construction"],
        "personas": ["Safety Manager", "Operations Director", "Field Supervisor"],
        "stages": ["discovery", "evaluation"],
        "products": ["Fieldline Comply", "Fieldline Schedule"],
        "review_by_days": 180,
        "fields": {
            "customer": "Harbor & Pine Builders",
            "industry": "Commercial construction",
            "challenge": (
                "Harbor & Pine runs 30 to 40 active jobsites across Washington and Oregon with 640 "
                "field employees and about 90 subcontractor crews. Daily job hazard analyses lived on "
                "carbon-copy forms that superintendents photographed and emailed at the end of the week, "
                "and crew assignments sat in a spreadsheet only two people could edit. When an OSHA "
                "compliance officer visited a Tacoma site, it took three days to pull together the "
                "training and inspection records he requested."
            ),
            "solution": (
                "The company rolled out Fieldline Comply with digital JHAs, toolbox-talk sign-ins and "
                "fall-protection inspections that work offline on site. Fieldline Schedule replaced the "
                "spreadsheet, so superintendents see certified crew availability and foremen receive "
                "next-day assignments by 3 p.m. The rollout started with four pilot jobsites and reached "
                "all 38 in nine weeks."
            ),
            "results": (
                "Superintendents now spend 41% less time on safety paperwork, and OSHA 300 log "
                "preparation dropped from three days to about four hours. Crew no-shows fell 22% because "
                "workers confirm assignments in the app the night before. Harbor & Pine's experience "
                "modification rate improved from 0.94 to 0.81 over the following policy year."
            ),
            "metrics": [
                {"value": "41%", "label": "less superintendent time on safety paperwork"},
                {"value": "22%", "label": "fewer crew no-shows"},
                {"value": "4 hrs", "label": "to prepare the OSHA 300 log (down from 3 days)"},
                {"value": "0.81", "label": "experience modification rate (down from 0.94)"},
            ],
        },
    },
    {
        "kind": "case_study",
        "title": "Ironbridge Civil recovers $1.2M in idle equipment time with live crew and fleet dispatch",
        "summary": (
            "A central Texas heavy-civil contractor moved dispatch for 55 crews and 210 pieces of "
            "equipment off radios and a whiteboard and onto Fieldline Dispatch, lifting equipment "
            "utilization from 58% to 69%."
        ),
        "body": """\
## At a glance

**Customer:** Ironbridge Civil Contractors (Round Rock, TX)
**Field workforce:** 55 crews, 210 pieces of heavy equipment, 18 lowboy haulers
**Products:** Fieldline Dispatch, Fieldline Insights

## The problem in one sentence

Operators, equipment and lowboys were dispatched separately, so an excavator would sit on a highway shoulder for half a day waiting for the crew that was supposed to run it.

## What changed

Ironbridge's dispatch office now works from a single Fieldline Dispatch board that links each crew to the machines and haul trucks it needs. Live locations come in from the company's existing Samsara telematics, and a **weather hold** broadcast reschedules every affected crew with one action instead of 50 phone calls. Fieldline Insights gives project managers a weekly utilization view by job.

## Results

- Equipment utilization up from **58% to 69%**
- **$1.2M** in idle equipment cost recovered in the first year
- Rescheduling after a weather hold: **2 hours down to 15 minutes**

## Talking points

- Heavy-civil and utility contractors feel idle-iron pain more than headcount pain; lead with the equipment story.
- If the prospect already runs telematics, stress that Fieldline **uses** that data rather than replacing it.
- Competitive note: CrewGrid schedules people but has no equipment or haul-truck dispatch.
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["construction", "energy"],
        "personas": ["Operations Director", "CFO", "Field Supervisor"],
        "stages": ["discovery", "proposal"],
        "products": ["Fieldline Dispatch", "Fieldline Insights"],
        "review_by_days": 240,
        "fields": {
            "customer": "Ironbridge Civil Contractors",
            "industry": "Heavy civil and utility construction",
            "challenge": (
                "Ironbridge dispatched 55 crews, 210 pieces of equipment and 18 lowboy trucks using radios, "
                "a whiteboard and a nightly phone tree. Crews and machines were scheduled separately, so "
                "equipment regularly sat idle on site waiting for operators. Every rain delay meant the "
                "dispatch office spent two hours calling foremen one by one."
            ),
            "solution": (
                "Fieldline Dispatch now links each crew to the equipment and haul trucks it needs on one "
                "shared board, with live positions fed from Ironbridge's existing Samsara telematics. "
                "Weather-hold broadcasts reschedule affected crews in a single action. Fieldline Insights "
                "reports weekly equipment utilization by project."
            ),
            "results": (
                "Equipment utilization rose from 58% to 69% in the first year, recovering an estimated $1.2M "
                "in idle equipment cost. Rescheduling after a weather hold dropped from two hours to 15 "
                "minutes. Project managers now review utilization weekly instead of at quarter end."
            ),
            "metrics": [
                {"value": "$1.2M", "label": "idle equipment cost recovered in year one"},
                {"value": "58% → 69%", "label": "equipment utilization"},
                {"value": "15 min", "label": "to reschedule all crews after a weather hold"},
            ],
        },
    },
    {
        "kind": "case_study",
        "title": "St. Brigid Health System reduces missed home-health visits by 38%",
        "summary": (
            "St. Brigid's home health and hospice division scheduled 420 visiting clinicians across "
            "11 Ohio counties by hand. With Fieldline Schedule and Dispatch under a signed BAA, missed "
            "visits fell 38% and PHI left personal text threads for good."
        ),
        "body": """\
## At a glance

**Customer:** St. Brigid Health System, home health & hospice division (Columbus, OH)
**Field workforce:** 420 RNs, LPNs, therapists and home health aides across 11 counties
**Products:** Fieldline Schedule, Fieldline Dispatch

## Why they bought

Every morning, six schedulers rebuilt routes by hand. A single cancellation cascaded into late arrivals for the rest of a clinician's day, and patients who waited too long simply cancelled. Worse for the compliance team, visit changes and patient addresses were being texted to clinicians' personal phones, an obvious **HIPAA** exposure.

## What they deployed

- Credential-aware scheduling (RN vs. LPN, wound-care and infusion certifications, language skills)
- Route optimization that re-sequences the day when a visit cancels
- The Fieldline mobile app with PHI kept inside the app, under a **signed Business Associate Agreement**
- A FHIR-based feed from the EHR's scheduling module, so visits originate in the clinical system

## Results

- **38% fewer** missed visits
- **2.1 more visits** per clinician per week
- **17% lower** mileage reimbursement
- Zero patient details sent by SMS since go-live

## Rep notes

Use with home health, hospice and hospital-at-home programs. IT Directors will ask about the BAA, SSO and audit logs; bring the Security & IT FAQ to the second call.
""",
        "status": "published",
        "owner": "priya.raman@fieldline.example",
        "markets": ["healthcare"],
        "personas": ["Operations Director", "IT Director", "CFO"],
        "stages": ["discovery", "evaluation", "proposal"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch"],
        "review_by_days": 150,
        "fields": {
            "customer": "St. Brigid Health System",
            "industry": "Healthcare: home health and hospice",
            "challenge": (
                "St. Brigid's home health and hospice division sends 420 clinicians to patients across 11 "
                "counties. Six schedulers rebuilt routes by hand every morning, and a single cancellation "
                "cascaded into late arrivals and missed visits. Visit changes and patient addresses were "
                "often texted to clinicians' personal phones, which the compliance team flagged as a HIPAA risk."
            ),
            "solution": (
                "St. Brigid deployed Fieldline Schedule and Fieldline Dispatch with credential-aware matching "
                "and route optimization that re-sequences the day when a visit cancels. Visit details stay "
                "inside the Fieldline mobile app under a signed Business Associate Agreement. Visits flow in "
                "from the EHR scheduling module through a FHIR integration."
            ),
            "results": (
                "Missed visits fell 38% within two quarters of go-live, and clinicians now complete 2.1 more "
                "visits per week on average. Mileage reimbursement dropped 17% as routes tightened. The "
                "compliance team confirmed that no patient details have been sent by SMS since rollout."
            ),
            "metrics": [
                {"value": "38%", "label": "fewer missed home-health visits"},
                {"value": "2.1", "label": "more visits per clinician per week"},
                {"value": "17%", "label": "lower mileage reimbursement"},
            ],
        },
    },
    {
        "kind": "case_study",
        "title": "Lakeview Regional Medical Center goes into its Joint Commission survey with 99.2% checklist completion",
        "summary": (
            "Lakeview's facilities, biomed and EVS teams replaced binders of infection-control and "
            "environment-of-care rounds with Fieldline Comply, cutting survey findings from nine to two."
        ),
        "body": """\
## At a glance

**Customer:** Lakeview Regional Medical Center, 412-bed acute care hospital (Grand Rapids, MI)
**Field workforce:** 160 facilities, biomedical engineering and environmental services staff
**Products:** Fieldline Comply, Fieldline Insights

## The situation

Lakeview was in the middle of a two-year tower renovation. Every construction zone required infection control risk assessment (ICRA) checks, negative-pressure readings and daily barrier inspections, on top of routine environment-of-care rounds. All of it lived in paper binders spread across three buildings. Its previous Joint Commission survey produced **nine** environment-of-care findings.

## What they did

The facilities director built ICRA, fire-door, eyewash and generator checklists in Fieldline Comply, each tied to a QR code on the door or unit. Missed rounds escalate to the shift supervisor after 30 minutes. Fieldline Insights shows completion by building and by contractor, so the hospital can hold construction subcontractors to the same standard as its own staff.

## Results

- **99.2%** on-time checklist completion over 12 months
- Environment-of-care findings down from **nine to two**
- Survey-prep time cut by **70%** (from roughly 300 staff hours to 90)

## When to use it

Hospital facilities and EVS leaders, and construction firms that do healthcare work: ICRA compliance is a shared pain for both sides of that relationship.
""",
        "status": "published",
        "owner": "priya.raman@fieldline.example",
        "markets": ["healthcare", "construction"],
        "personas": ["Safety Manager", "Operations Director"],
        "stages": ["evaluation", "proposal"],
        "products": ["Fieldline Comply", "Fieldline Insights"],
        "review_by_days": 210,
        "fields": {
            "customer": "Lakeview Regional Medical Center",
            "industry": "Healthcare: acute care hospital",
            "challenge": (
                "Lakeview was two years into a tower renovation that required daily infection control risk "
                "assessment checks, negative-pressure readings and barrier inspections. Those checks, along "
                "with routine environment-of-care rounds, were tracked in paper binders across three buildings. "
                "The hospital's previous Joint Commission survey produced nine environment-of-care findings."
            ),
            "solution": (
                "The facilities team built ICRA, fire-door, eyewash and generator checklists in Fieldline Comply, "
                "each launched from a QR code posted at the location. Missed rounds escalate to the shift "
                "supervisor after 30 minutes. Fieldline Insights reports completion by building and by "
                "construction subcontractor."
            ),
            "results": (
                "Checklist completion reached 99.2% over twelve months, and the next survey produced two "
                "environment-of-care findings instead of nine. Survey preparation fell by 70%, from roughly "
                "300 staff hours to 90."
            ),
            "metrics": [
                {"value": "99.2%", "label": "on-time checklist completion"},
                {"value": "9 → 2", "label": "environment-of-care survey findings"},
                {"value": "70%", "label": "less survey-prep time"},
            ],
        },
    },
    {
        "kind": "case_study",
        "title": "Coldline Freight cuts temperature excursions 27% across reefer fleet and cold storage docks",
        "summary": (
            "A Midwest refrigerated carrier digitized pre-cool checks, FSMA sanitary-transport logs and "
            "dock scheduling with Fieldline Comply and Dispatch, reducing spoilage claims by $640K a year."
        ),
        "body": """\
## At a glance

**Customer:** Coldline Freight (Des Moines, IA)
**Operation:** 180 tractors, 260 reefer trailers, three cold storage warehouses
**Products:** Fieldline Comply, Fieldline Dispatch

## The challenge

Coldline hauls dairy, produce and frozen foods for regional grocers. Drivers recorded pre-cool and set-point checks on paper at pickup, and those logs rarely survived the trip. When a load arrived warm, Coldline could not prove where the excursion happened, so it paid the claim: **$1.1M** in spoilage claims the prior year. At the cold storage docks, appointment times were tracked on a whiteboard and reefers idled in the yard.

## The solution

- Fieldline Comply checklists for pre-cool, set point, seal number and trailer washout, with photos and timestamps, aligned to the FSMA sanitary transportation rule
- Automatic alerts to the night dispatcher when a reading is out of range
- Fieldline Dispatch sequencing dock doors and driver assignments across the three cold storage sites

## Results

- **27% fewer** temperature excursions
- **$640K** reduction in annual spoilage claims
- **14 minutes** faster average dock turnaround

## Positioning tips

Lead with claims defensibility: "Can you prove the trailer was at -10°F when it left your dock?" Pair this with the *Cold Chain Without Gaps* white paper for ops and safety leaders.
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["logistics", "retail"],
        "personas": ["Operations Director", "Safety Manager", "CFO"],
        "stages": ["discovery", "evaluation"],
        "products": ["Fieldline Comply", "Fieldline Dispatch"],
        "review_by_days": -6,
        "fields": {
            "customer": "Coldline Freight",
            "industry": "Refrigerated trucking and cold storage",
            "challenge": (
                "Coldline's drivers logged pre-cool and set-point checks on paper, and those logs were often "
                "lost before a load was delivered. Without proof of where an excursion occurred, the company "
                "paid $1.1M in spoilage claims in one year. Dock appointments at its three cold storage "
                "warehouses were managed on a whiteboard, leaving reefers idling in the yard."
            ),
            "solution": (
                "Coldline moved pre-cool, set-point, seal and washout checks into Fieldline Comply with photos "
                "and timestamps aligned to the FSMA sanitary transportation rule. Out-of-range readings alert "
                "the night dispatcher immediately. Fieldline Dispatch now sequences dock doors and driver "
                "assignments across all three warehouses."
            ),
            "results": (
                "Temperature excursions dropped 27% in the first year and annual spoilage claims fell by $640K. "
                "Average dock turnaround improved by 14 minutes. Coldline now wins most disputed claims "
                "because it can show a time-stamped reading at every handoff."
            ),
            "metrics": [
                {"value": "27%", "label": "fewer temperature excursions"},
                {"value": "$640K", "label": "lower annual spoilage claims"},
                {"value": "14 min", "label": "faster average dock turnaround"},
            ],
        },
    },
    {
        "kind": "case_study",
        "title": "Redwater Logistics lifts on-time delivery to 96.4% for two-person home delivery crews",
        "summary": (
            "Redwater runs white-glove furniture and appliance delivery for national retailers. Fieldline "
            "Schedule and Insights raised on-time delivery from 88% to 96.4% and cut driver turnover 19%."
        ),
        "body": """\
## At a glance

**Customer:** Redwater Logistics (Charlotte, NC)
**Field workforce:** 310 drivers and installers in two-person crews, 9 cross-dock hubs
**Products:** Fieldline Schedule, Fieldline Insights

## Background

Redwater delivers and installs furniture, mattresses and appliances for three national retailers. Its retail partners score every hub on on-time delivery, and Redwater was stuck at **88%**, below the 95% threshold that triggers penalty fees. Crew pairings were set by hub managers from memory, so experienced installers were often paired with each other while new hires rode together and ran late.

## What Redwater changed

- Fieldline Schedule pairs crews by skill (gas hookups, wall mounting, haul-away) and seniority
- Drivers see their next week's schedule on Thursday and can request swaps in the app, which managers approve in seconds
- Fieldline Insights gives each hub a daily scorecard that mirrors the retailers' own metrics

## Results

- On-time delivery up from **88% to 96.4%**
- Driver and installer turnover down **19%** year over year
- Overtime down **12%**
- Retailer penalty fees eliminated at 8 of 9 hubs

## Rep notes

Strong fit for last-mile, final-mile and installation providers. The predictable-schedule angle is what moved turnover; use it with HR-minded operations leaders.
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["logistics", "retail"],
        "personas": ["Operations Director", "Field Supervisor", "CEO"],
        "stages": ["prospecting", "discovery"],
        "products": ["Fieldline Schedule", "Fieldline Insights"],
        "review_by_days": 120,
        "fields": {
            "customer": "Redwater Logistics",
            "industry": "Last-mile delivery and installation",
            "challenge": (
                "Redwater's retail partners require 95% on-time delivery, and the company was stuck at 88%, "
                "paying penalty fees at most of its nine hubs. Crew pairings were decided from memory each "
                "morning, so new hires often rode together and ran late. Unpredictable schedules were also "
                "driving high driver turnover."
            ),
            "solution": (
                "Fieldline Schedule now pairs two-person crews by skill and seniority and publishes next "
                "week's schedule every Thursday, with in-app swap requests. Fieldline Insights gives each hub "
                "a daily scorecard built on the same on-time definition the retailers use."
            ),
            "results": (
                "On-time delivery rose from 88% to 96.4%, and penalty fees disappeared at eight of nine hubs. "
                "Driver and installer turnover fell 19% year over year, and overtime dropped 12%."
            ),
            "metrics": [
                {"value": "96.4%", "label": "on-time delivery (up from 88%)"},
                {"value": "19%", "label": "lower driver and installer turnover"},
                {"value": "12%", "label": "less overtime"},
            ],
        },
    },
    {
        "kind": "case_study",
        "title": "Kessler Precision Components cuts lockout/tagout audit findings 64% across three plants",
        "summary": (
            "An automotive tier-2 supplier moved LOTO verification and maintenance shift coverage into "
            "Fieldline Comply and Schedule after a $38K OSHA citation, reducing audit findings 64% and "
            "maintenance overtime 23%."
        ),
        "body": """\
## At a glance

**Customer:** Kessler Precision Components (Toledo, OH)
**Field workforce:** 140 maintenance technicians across three stamping and machining plants
**Products:** Fieldline Comply, Fieldline Schedule

## What prompted the project

An OSHA inspection at Kessler's Findlay plant resulted in a **$38,000 citation** for lockout/tagout deficiencies: machine-specific procedures existed, but nobody could show they were followed. At the same time, maintenance coverage on second and third shift depended on a supervisor's spreadsheet, and unplanned downtime kept pulling technicians into overtime.

## What Kessler rolled out

- QR codes on 1,900 machines that open the machine-specific LOTO procedure in Fieldline Comply
- Photo verification of each isolation point and a second-person sign-off for high-energy equipment
- A skills matrix in Fieldline Schedule so every shift has a certified hydraulics and PLC technician on the floor

## Results

- LOTO audit findings down **64%** in the first year
- Maintenance overtime down **23%**
- Unplanned downtime down **9%**

## Use it for

Manufacturing prospects with multiple plants, an EHS lead and an open OSHA history. Permission note: Kessler approved this case study for external use, but the testimonial from their maintenance manager is **internal only**.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["manufacturing"],
        "personas": ["Safety Manager", "Operations Director", "Field Supervisor"],
        "stages": ["discovery", "evaluation"],
        "products": ["Fieldline Comply", "Fieldline Schedule"],
        "review_by_days": 160,
        "fields": {
            "customer": "Kessler Precision Components",
            "industry": "Automotive parts manufacturing",
            "challenge": (
                "After an OSHA inspection, Kessler's Findlay plant received a $38,000 citation for "
                "lockout/tagout deficiencies. Machine-specific procedures existed on paper, but there was no "
                "record that technicians followed them. Maintenance coverage on second and third shift was "
                "planned in a spreadsheet, and gaps in skills regularly stretched downtime."
            ),
            "solution": (
                "Kessler tagged 1,900 machines with QR codes that open the correct LOTO procedure in Fieldline "
                "Comply, with photo verification of isolation points and second-person sign-off on high-energy "
                "equipment. Fieldline Schedule's skills matrix guarantees a certified hydraulics and PLC "
                "technician on every shift."
            ),
            "results": (
                "LOTO audit findings fell 64% in the first year across all three plants. Maintenance overtime "
                "dropped 23%, and unplanned downtime fell 9% as the right skills were on shift when equipment failed."
            ),
            "metrics": [
                {"value": "64%", "label": "fewer lockout/tagout audit findings"},
                {"value": "23%", "label": "less maintenance overtime"},
                {"value": "9%", "label": "less unplanned downtime"},
            ],
        },
    },
    {
        "kind": "case_study",
        "title": "Northgate Packaging raises first-time fix rate from 71% to 86% for its field service team",
        "summary": (
            "A packaging-machinery OEM used Fieldline Dispatch and Insights to match 75 field service "
            "technicians to the right jobs and parts, cutting 1,900 truck rolls a year."
        ),
        "body": """\
## At a glance

**Customer:** Northgate Packaging Co. (Milwaukee, WI)
**Field workforce:** 75 field service technicians across the US and Canada
**Products:** Fieldline Dispatch, Fieldline Insights

## The challenge

Northgate builds case packers and palletizers and services them at 1,400 customer plants. Service calls were assigned by region, not by skill, so a technician who had never worked on a robotic palletizer could be sent to fix one. **Only 71%** of calls were fixed on the first visit, and every repeat visit cost Northgate a truck roll and a customer's patience.

## The solution

- Fieldline Dispatch assigns calls using machine model, technician certifications and parts on the van
- Technicians see machine service history and photos from previous visits before they arrive
- Fieldline Insights tracks repeat visits by model, which Northgate's engineering team now uses to prioritize design fixes

## Results

- First-time fix rate up from **71% to 86%**
- **1,900 fewer** truck rolls per year
- Service revenue per technician up **14%**

## Status

**Draft:** awaiting final approval from Northgate's legal team. Do not share externally until this asset is published; you may reference "a packaging OEM" verbally.
""",
        "status": "draft",
        "owner": "priya.raman@fieldline.example",
        "markets": ["manufacturing"],
        "personas": ["Operations Director", "CFO"],
        "stages": ["discovery", "proposal"],
        "products": ["Fieldline Dispatch", "Fieldline Insights"],
        "review_by_days": 45,
        "fields": {
            "customer": "Northgate Packaging Co.",
            "industry": "Industrial machinery manufacturing and field service",
            "challenge": (
                "Northgate services case packers and palletizers at 1,400 customer plants with 75 field "
                "technicians. Calls were assigned by territory rather than skill, so technicians were "
                "often sent to machines they had not been trained on. Only 71% of service calls were resolved "
                "on the first visit."
            ),
            "solution": (
                "Fieldline Dispatch now assigns calls based on machine model, technician certifications and "
                "parts inventory on each van. Technicians review service history and photos before arriving. "
                "Fieldline Insights tracks repeat visits by machine model for the engineering team."
            ),
            "results": (
                "The first-time fix rate rose from 71% to 86%, eliminating roughly 1,900 truck rolls a year. "
                "Service revenue per technician increased 14% as capacity freed up for billable work."
            ),
            "metrics": [
                {"value": "86%", "label": "first-time fix rate (up from 71%)"},
                {"value": "1,900", "label": "fewer truck rolls per year"},
                {"value": "14%", "label": "more service revenue per technician"},
            ],
        },
    },
    {
        "kind": "case_study",
        "title": "Brightwell Markets completes 94% of store resets on time and saves 11,000 labor hours a year",
        "summary": (
            "An 86-store regional grocer scheduled merchandising reset crews and refrigeration technicians "
            "with Fieldline, raising on-time resets from 71% to 94% and closing cold-case work orders 31% faster."
        ),
        "body": """\
## At a glance

**Customer:** Brightwell Markets, regional grocery chain (Greenville, SC)
**Field workforce:** 12 traveling reset crews, 38 refrigeration and facilities technicians, 86 stores
**Products:** Fieldline Schedule, Fieldline Dispatch, Fieldline Insights

## The challenge

Brightwell's category managers plan dozens of planogram resets every month, but the traveling crews that execute them were scheduled by email. Only **71%** of resets finished in their window, which meant missed vendor promotions and unhappy CPG partners. Meanwhile, refrigeration work orders for failing cold cases waited in a shared inbox, and product shrink from warm cases was climbing.

## What Brightwell deployed

- Fieldline Schedule plans reset crews around store hours, truck deliveries and crew certifications (forklift, ladder)
- Fieldline Dispatch routes refrigeration techs to cold-case alarms by severity, so a failing dairy case outranks a flickering light
- Fieldline Insights compares reset completion and cold-case response across districts

## Results

- On-time resets up from **71% to 94%**
- **11,000 labor hours** saved per year across reset crews
- Refrigeration work orders closed **31% faster**

## Talking points

Grocery and big-box buyers care about promo compliance and shrink. Pair this with the Coldline Freight story when the prospect owns its own cold storage distribution center.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["retail"],
        "personas": ["Operations Director", "Field Supervisor", "CFO"],
        "stages": ["discovery", "evaluation"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch", "Fieldline Insights"],
        "review_by_days": 200,
        "fields": {
            "customer": "Brightwell Markets",
            "industry": "Grocery retail",
            "challenge": (
                "Brightwell's traveling merchandising crews were scheduled by email, and only 71% of planogram "
                "resets were completed within their window. Missed resets meant missed vendor promotions. "
                "Refrigeration work orders for failing cold cases sat in a shared inbox while shrink from warm "
                "product climbed."
            ),
            "solution": (
                "Fieldline Schedule now plans reset crews around store hours, deliveries and certifications. "
                "Fieldline Dispatch routes refrigeration technicians to cold-case alarms by severity. Fieldline "
                "Insights compares reset completion and response times across districts."
            ),
            "results": (
                "On-time resets rose from 71% to 94%, and the company saves about 11,000 crew labor hours a year. "
                "Refrigeration work orders now close 31% faster, which Brightwell's loss-prevention team credits "
                "with a measurable drop in perishable shrink."
            ),
            "metrics": [
                {"value": "94%", "label": "of store resets completed on time (up from 71%)"},
                {"value": "11,000", "label": "labor hours saved per year"},
                {"value": "31%", "label": "faster refrigeration work-order close"},
            ],
        },
    },
    {
        "kind": "case_study",
        "title": "Prairie Wind Electric Cooperative restores outages 22% faster with storm-ready dispatch",
        "summary": (
            "A Kansas electric co-op serving 48,000 meters used Fieldline Dispatch and Comply to coordinate "
            "lineworkers and mutual-aid crews during storms, with 100% pre-job briefing completion."
        ),
        "body": """\
## At a glance

**Customer:** Prairie Wind Electric Cooperative (Hutchinson, KS)
**Field workforce:** 95 lineworkers, 30 contractor and mutual-aid crews during major events
**Products:** Fieldline Dispatch, Fieldline Comply

## The challenge

During ice storms and spring wind events, Prairie Wind's dispatchers juggled outage tickets from the OMS, a paper crew board and dozens of radio calls. Mutual-aid crews arrived without clear assignments, and tailboard briefings (the pre-job safety talks that keep lineworkers alive) were documented inconsistently, if at all.

## What changed

- Fieldline Dispatch pulls outage tickets from the co-op's OMS and assigns them to internal and mutual-aid crews on one map
- Arriving contractor crews are onboarded in the app in minutes, with their qualifications and equipment recorded
- Fieldline Comply requires a tailboard briefing, with hazards, grounding plan and crew signatures, before a job can be started

## Results

- Average outage restoration **22% faster**
- **100%** tailboard briefing completion across two storm seasons
- **$410K** saved on mutual-aid hours and overtime

## Rep guidance

Co-ops and municipal utilities buy on safety first and restoration metrics second. Open with the tailboard story; close with the restoration numbers. The *Storm-Ready Dispatch* white paper is the best follow-up.
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["energy"],
        "personas": ["Operations Director", "Safety Manager", "Field Supervisor"],
        "stages": ["discovery", "evaluation", "proposal"],
        "products": ["Fieldline Dispatch", "Fieldline Comply"],
        "review_by_days": 90,
        "fields": {
            "customer": "Prairie Wind Electric Cooperative",
            "industry": "Electric utility (rural cooperative)",
            "challenge": (
                "During major storms, Prairie Wind's dispatchers coordinated 95 lineworkers and up to 30 "
                "mutual-aid crews using an OMS screen, a paper crew board and radio. Contractor crews often "
                "waited for assignments. Tailboard safety briefings were documented inconsistently."
            ),
            "solution": (
                "Fieldline Dispatch now pulls outage tickets from the OMS and assigns them to internal and "
                "mutual-aid crews on a single map. Contractor crews are onboarded in the mobile app on arrival. "
                "Fieldline Comply requires a signed tailboard briefing before any job can start."
            ),
            "results": (
                "Average outage restoration time improved 22% across two storm seasons. Tailboard briefing "
                "completion reached 100%, and the co-op saved $410K in mutual-aid hours and overtime."
            ),
            "metrics": [
                {"value": "22%", "label": "faster average outage restoration"},
                {"value": "100%", "label": "tailboard briefing completion"},
                {"value": "$410K", "label": "saved on mutual-aid hours and overtime"},
            ],
        },
    },
    {
        "kind": "case_study",
        "title": "Cedar Valley Municipal Utilities closes service orders 33% faster across water, gas and electric",
        "summary": (
            "A three-service municipal utility unified meter, leak-survey and service-order work in Fieldline, "
            "closing orders 33% faster and hitting every gas leak-survey deadline."
        ),
        "body": """\
## At a glance

**Customer:** Cedar Valley Municipal Utilities (Cedar Falls area, IA)
**Field workforce:** 72 technicians across water, natural gas and electric departments
**Products:** Fieldline Schedule, Fieldline Comply, Fieldline Insights

## The challenge

Each of Cedar Valley's three departments had its own way of assigning work: one used the billing system's work-order module, one used paper tickets, and one used a shared calendar. Customers calling about a move-in, a meter problem or a gas odor had no reliable arrival window, and the gas department struggled to prove that federally required leak surveys were completed on schedule.

## What they deployed

- One Fieldline Schedule board across all three departments, with cross-trained techs visible to every supervisor
- Fieldline Comply checklists for leak surveys, meter change-outs and confined-space entry
- Fieldline Insights dashboards for the utility board's monthly meeting

## Results

- Service orders closed **33% faster**
- **100%** of gas leak surveys completed before their due date
- **2,400 hours** a year of office administration eliminated

## Rep tip

Municipal buyers often need board approval; the Insights dashboard screenshots in this story are a good leave-behind for the general manager's board packet.
""",
        "status": "published",
        "owner": "priya.raman@fieldline.example",
        "markets": ["energy"],
        "personas": ["Operations Director", "IT Director", "Procurement Lead"],
        "stages": ["evaluation", "proposal", "negotiation"],
        "products": ["Fieldline Schedule", "Fieldline Comply", "Fieldline Insights"],
        "review_by_days": 270,
        "fields": {
            "customer": "Cedar Valley Municipal Utilities",
            "industry": "Municipal utility (water, gas, electric)",
            "challenge": (
                "Cedar Valley's water, gas and electric departments each assigned field work differently, "
                "using a billing-system module, paper tickets and a shared calendar. Customers had no reliable "
                "arrival windows. The gas department could not easily prove that required leak surveys were "
                "completed on time."
            ),
            "solution": (
                "The utility moved all three departments onto one Fieldline Schedule board with cross-trained "
                "technicians visible to every supervisor. Leak surveys, meter change-outs and confined-space "
                "entries run as Fieldline Comply checklists. Fieldline Insights produces the monthly board report."
            ),
            "results": (
                "Service orders now close 33% faster, and every gas leak survey has been completed before its "
                "due date since go-live. The utility eliminated about 2,400 hours a year of office administration."
            ),
            "metrics": [
                {"value": "33%", "label": "faster service-order close"},
                {"value": "100%", "label": "of leak surveys completed on time"},
                {"value": "2,400 hrs", "label": "of admin work eliminated per year"},
            ],
        },
    },
    {
        "kind": "case_study",
        "title": "Alder Bay Resorts turns rooms 19 minutes faster across 14 properties",
        "summary": (
            "A coastal resort group scheduled 1,100 housekeeping, engineering and grounds staff with Fieldline "
            "Schedule and Dispatch, closing 88% of maintenance tickets the same day."
        ),
        "body": """\
## At a glance

**Customer:** Alder Bay Resorts (Portland, OR)
**Field workforce:** 1,100 housekeeping, engineering and grounds staff across 14 resorts
**Products:** Fieldline Schedule, Fieldline Dispatch

## The challenge

Alder Bay's resorts are spread over hundreds of acres: cabins, villas and lodge rooms, some a golf-cart ride from the main building. Housekeeping boards were printed at 7 a.m. and outdated by 9. Engineering tickets (a broken heater, a leaking shower) were radioed in and written on a clipboard, and only **61%** were closed the same day. Guest reviews kept mentioning rooms that weren't ready at check-in.

## What changed

- Fieldline Schedule builds housekeeping shifts from the forecasted occupancy feed in the property management system
- Fieldline Dispatch sends room-ready and maintenance tasks to the nearest available attendant or engineer, re-prioritizing when a VIP checks in early
- Staff swap shifts in the app, which matters in seasonal resort towns where many employees work two jobs

## Results

- Rooms turned **19 minutes faster** on average
- **88%** of maintenance tickets closed the same day (up from 61%)
- Labor cost per occupied room down **6%**

## Rep notes

Works for resorts, multi-building hotels and senior-living campuses. GMs respond to the guest-review angle; VPs of operations respond to cost per occupied room.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["hospitality"],
        "personas": ["Operations Director", "CFO", "Field Supervisor"],
        "stages": ["prospecting", "discovery", "evaluation"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch"],
        "review_by_days": 130,
        "fields": {
            "customer": "Alder Bay Resorts",
            "industry": "Hospitality: resorts",
            "challenge": (
                "Alder Bay's 14 resorts spread rooms, cabins and villas across large campuses. Printed "
                "housekeeping boards were out of date by mid-morning, and maintenance requests were radioed "
                "in and tracked on clipboards. Only 61% of maintenance tickets were closed the same day, and "
                "guests regularly complained about rooms not being ready at check-in."
            ),
            "solution": (
                "Fieldline Schedule builds housekeeping shifts from the occupancy forecast in the property "
                "management system. Fieldline Dispatch routes room-ready and maintenance tasks to the nearest "
                "available attendant or engineer and re-prioritizes for early VIP arrivals. Staff swap shifts "
                "in the mobile app."
            ),
            "results": (
                "Rooms are now turned 19 minutes faster on average, and 88% of maintenance tickets close the "
                "same day. Labor cost per occupied room fell 6% in the first full season."
            ),
            "metrics": [
                {"value": "19 min", "label": "faster average room turnaround"},
                {"value": "88%", "label": "of maintenance tickets closed same day (up from 61%)"},
                {"value": "6%", "label": "lower labor cost per occupied room"},
            ],
        },
    },
    # ------------------------------------------------------------------
    # Email templates
    # ------------------------------------------------------------------
    {
        "kind": "email_template",
        "title": "Cold outreach: construction safety leaders (OSHA recordkeeping)",
        "summary": (
            "First-touch email for safety managers at general and specialty contractors, built around the "
            "Harbor & Pine Builders results."
        ),
        "body": """\
## When to send it

- First touch to **Safety Managers, EHS Directors and VPs of Operations** at general contractors and specialty subs with 150+ field workers.
- Best timing: January to April, when OSHA 300A summaries are posted and insurance renewals are being negotiated.
- Skip it if the account already uses CrewGrid for safety forms; use the CrewGrid battle card angle instead.

## What to personalise

- **{{market}}**: the segment, e.g. "commercial construction", "electrical contracting", "heavy civil".
- **{{pain_point}}**: something specific you found, e.g. "the new fall-protection program you announced", "scaling from 20 to 35 jobsites", or a recent OSHA inspection listed on osha.gov.
- **{{title}}**: use their actual title; "Director of Safety" reads very differently from "Risk Manager".

## Tips

- Keep the Harbor & Pine numbers exactly as written; they are approved.
- If they reply asking for more, send the *OSHA Recordkeeping in the Field* white paper, not a demo link.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["construction"],
        "personas": ["Safety Manager", "Operations Director"],
        "stages": ["prospecting"],
        "products": ["Fieldline Comply"],
        "review_by_days": 75,
        "fields": {
            "subject": "{{company}} jobsite paperwork vs. the next OSHA visit",
            "email_body": """\
Hi {{first_name}},

Most safety leaders I talk to in {{market}} say the hard part isn't running toolbox talks, it's proving they happened. JHAs on carbon copies, sign-in sheets in truck cabs, inspection photos stuck in someone's camera roll.

Harbor & Pine Builders had the same problem across 38 jobsites. After moving JHAs, inspections and toolbox-talk sign-ins into Fieldline Comply, their superintendents spend 41% less time on safety paperwork, and OSHA 300 log prep went from three days to about four hours.

As {{title}} at {{company}}, you're probably weighing {{pain_point}} right now. I'd like to show you how a foreman completes a JHA offline in under five minutes, and what an inspector-ready record looks like on the other end.

Would 20 minutes next week work? Happy to fit around your site walks.

Best,
{{rep_name}}
""",
        },
    },
    {
        "kind": "email_template",
        "title": "Cold outreach: home health and hospice operations leaders",
        "summary": (
            "Prospecting email for home health, hospice and hospital-at-home leaders that leads with "
            "missed visits and HIPAA-safe scheduling."
        ),
        "body": """\
## When to send it

- First touch to **Directors of Home Health Operations, Administrators and VPs of Post-Acute Care**.
- Good triggers: a new CMS star rating, an acquisition of another agency, or job postings for schedulers.

## What to personalise

- **{{pain_point}}**: pick one: "scheduler turnover", "visit completion after the merger", "mileage costs", "clinicians texting schedules".
- **{{company}}**: use the agency or division name, not the parent health system, if they operate under a separate brand.

## Guardrails

- Do **not** promise specific HIPAA outcomes. Say we sign a BAA and keep PHI in the app; compliance teams will verify the details.
- The St. Brigid numbers (38%, 2.1 visits) are approved for external use. Don't round them up.
- For IT Directors, swap the last paragraph for an offer to send the Security & IT FAQ.
""",
        "status": "published",
        "owner": "priya.raman@fieldline.example",
        "markets": ["healthcare"],
        "personas": ["Operations Director", "CEO"],
        "stages": ["prospecting"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch"],
        "review_by_days": 95,
        "fields": {
            "subject": "Missed visits at {{company}}: an idea from St. Brigid",
            "email_body": """\
Hi {{first_name}},

When a home health schedule breaks at 7:30 a.m., it rarely breaks once. One cancellation pushes every visit after it, and by afternoon patients are rescheduling or cancelling.

St. Brigid Health System ran into exactly this with 420 clinicians across 11 counties. After moving to Fieldline Schedule and Dispatch, they cut missed visits by 38% and their clinicians now complete 2.1 more visits per week. Just as important to their compliance team: patient details stay inside the app under a signed BAA, not in personal text threads.

I noticed {{pain_point}} at {{company}} and thought their approach might be useful. I'm happy to share what their schedulers' mornings look like now, even if the timing isn't right for a project.

Open to a 20-minute conversation in the next couple of weeks?

Thanks,
{{rep_name}}
""",
        },
    },
    {
        "kind": "email_template",
        "title": "Cold outreach: cold storage and refrigerated carriers",
        "summary": (
            "Prospecting email for refrigerated fleets and cold storage operators that opens with spoilage "
            "claims and references Coldline Freight."
        ),
        "body": """\
## When to send it

- Reefer carriers, cold storage warehouses, food distributors and grocery DCs with their own fleet.
- Target **Directors of Operations, Safety & Compliance leads and Claims managers**. Claims managers are an underrated entry point.

## What to personalise

- **{{market}}**: "refrigerated LTL", "frozen food distribution", "cold storage 3PL", etc.
- **{{pain_point}}**: something concrete: FSMA audit, a new grocery customer with stricter temperature SLAs, expansion to a new cold storage facility.
- Mention their fleet size if it's public (FMCSA data is a good source).

## Notes

- Coldline's $640K and 27% figures are approved. Don't attribute claims outcomes to Fieldline beyond what Coldline said.
- Follow up after four business days with the *Cold Chain Without Gaps* white paper.
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["logistics"],
        "personas": ["Operations Director", "Safety Manager"],
        "stages": ["prospecting"],
        "products": ["Fieldline Comply", "Fieldline Dispatch"],
        "review_by_days": 60,
        "fields": {
            "subject": "{{first_name}}, can {{company}} prove where a load got warm?",
            "email_body": """\
Hi {{first_name}},

A quick question for {{company}}: when a reefer load arrives out of temperature, can your team show exactly where in the chain it happened?

For most {{market}} operators, the honest answer is "sometimes." Pre-cool checks are on paper, set points get written down at pickup and never seen again, and the claim gets paid because nobody can prove otherwise.

Coldline Freight moved those checks into Fieldline Comply, with photos, timestamps and alerts when a reading is out of range. In the first year they saw 27% fewer temperature excursions and $640K less in spoilage claims, and their cold storage docks turn trucks 14 minutes faster.

With {{pain_point}} on your plate, I thought this might be timely. Would you be open to a short call to compare notes?

Regards,
{{rep_name}}
""",
        },
    },
    {
        "kind": "email_template",
        "title": "Discovery call recap and next steps",
        "summary": (
            "Same-day follow-up after a discovery call that restates the prospect's priorities in their words "
            "and proposes a concrete next meeting."
        ),
        "body": """\
## When to send it

Within **two hours** of any first discovery call, in any market. The goal is to show you listened and to lock in the next meeting while it's fresh.

## What to personalise

- **{{pain_point}}**: the top problem in *their* words, quoted if you can. "Friday afternoons chasing JHAs" beats "safety documentation inefficiency".
- Replace the three bullets with what you actually heard. Delete any that don't apply; two strong bullets beat three weak ones.
- **{{meeting_time}}**: propose a specific slot, not "sometime next week".
- **{{case_study_link}}**: choose the closest-matching case study in the hub and use its share link.

## Don't

- Don't attach pricing. Pricing conversations happen after the evaluation plan is agreed.
- Don't cc your manager on the first recap; it can feel like escalation.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["construction", "healthcare", "logistics", "manufacturing", "retail", "energy", "hospitality"],
        "personas": ["Operations Director", "Field Supervisor", "Safety Manager"],
        "stages": ["discovery"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch", "Fieldline Comply", "Fieldline Insights"],
        "review_by_days": 220,
        "fields": {
            "subject": "Recap: {{company}} + Fieldline, and a proposed next step",
            "email_body": """\
Hi {{first_name}},

Thanks for the time today. Here's what I heard, so you can correct anything I got wrong:

- The biggest issue right now is {{pain_point}}.
- Schedules change several times a day, and supervisors find out last.
- Whatever you choose has to work for crews with spotty signal and limited patience for new apps.

Based on that, I'd suggest a working session where we rebuild one of your real weeks in Fieldline with your data, so your supervisors can judge it for themselves. Does {{meeting_time}} work for you and one or two of your field leads?

In the meantime, here's a short story from a company with a similar setup: {{case_study_link}}

Thanks again,
{{rep_name}}
""",
        },
    },
    {
        "kind": "email_template",
        "title": "Share a relevant case study (mid-funnel nurture)",
        "summary": (
            "Short, low-pressure email for sharing a case study with a prospect who has gone quiet during "
            "discovery or early evaluation."
        ),
        "body": """\
## When to send it

- A prospect has been quiet for **1–3 weeks** after discovery or a first demo.
- You have a case study from the **same market** and roughly the same size.

## What to personalise

- **{{case_study_link}}**: the hub share link for the case study. Pick by market first, then by pain point.
- **{{pain_point}}**: tie the story to what they told you.
- Replace the bracketed line with *one* metric from the case study that maps to their pain point, exactly as published.

## Good pairings

| Prospect situation | Case study |
|---|---|
| Contractor, safety paperwork | Harbor & Pine Builders |
| Home health, missed visits | St. Brigid Health System |
| Reefer fleet or cold storage | Coldline Freight |
| Multi-plant manufacturer, LOTO | Kessler Precision Components |
| Grocer, store resets | Brightwell Markets |
| Utility, storm response | Prairie Wind Electric Cooperative |
| Resort or hotel group | Alder Bay Resorts |
""",
        "status": "published",
        "owner": "priya.raman@fieldline.example",
        "markets": ["construction", "healthcare", "logistics", "manufacturing", "retail", "energy", "hospitality"],
        "personas": ["Operations Director", "Field Supervisor", "Safety Manager", "CFO"],
        "stages": ["discovery", "evaluation"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch", "Fieldline Comply", "Fieldline Insights"],
        "review_by_days": 180,
        "fields": {
            "subject": "How a team like {{company}}'s tackled {{pain_point}}",
            "email_body": """\
Hi {{first_name}},

I know evaluating a new system isn't anyone's full-time job, so I'll keep this short.

When we spoke, you mentioned {{pain_point}}. One of our customers in {{market}} faced something very similar, and I think the way they rolled things out, starting with a few pilot crews before going company-wide, might be useful whether or not you end up working with us.

Here's the two-page story: {{case_study_link}}

[One metric from the case study that matches their pain point.]

If it sparks any questions, I'm happy to connect you with their team through our reference program, or to walk your supervisors through how it would look at {{company}}.

Best,
{{rep_name}}
""",
        },
    },
    {
        "kind": "email_template",
        "title": "Demo confirmation with agenda and attendee prep",
        "summary": (
            "Confirms a scheduled demo, sets a three-part agenda and asks the prospect to bring one real "
            "scheduling scenario."
        ),
        "body": """\
## When to send it

As soon as a demo is booked, and again as a reminder **24 hours before** if the meeting was set more than a week out.

## What to personalise

- **{{meeting_time}}**: include the time zone. Field leaders are often in a different one from the buyer.
- **{{title}}**: use it to explain why *they* specifically should attend.
- Adjust the agenda: a safety-led deal should open with Fieldline Comply; an operations-led deal with Schedule or Dispatch.

## Prep request

The ask for "one real scenario" matters. Demos built on the prospect's own messy week convert far better than the standard script. If they send something, forward it to your solutions engineer the same day.

## Attendees to push for

At least one **field supervisor or dispatcher**. If the only attendee is IT or procurement, ask your manager whether to reschedule.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["construction", "healthcare", "logistics", "manufacturing", "retail", "energy", "hospitality"],
        "personas": ["Operations Director", "Field Supervisor", "IT Director"],
        "stages": ["evaluation"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch", "Fieldline Comply", "Fieldline Insights"],
        "review_by_days": 250,
        "fields": {
            "subject": "Confirmed: Fieldline walkthrough for {{company}}, {{meeting_time}}",
            "email_body": """\
Hi {{first_name}},

Looking forward to our session on {{meeting_time}}. Here's the plan so everyone's time is well spent:

1. Your week, rebuilt (20 min): we'll model a real scheduling or dispatch scenario from {{company}}.
2. The field view (15 min): what a crew member or technician sees on their phone, including offline.
3. Questions and next steps (10 min).

One small request: if you can send me a recent day or week that went sideways (a sick call, a weather delay, a rush job), we'll use it instead of our demo data. A screenshot or a few bullet points is plenty.

As {{title}}, you'll see the reporting side, but it would really help to have one supervisor or dispatcher on the call. They'll spot the gaps faster than either of us.

See you then,
{{rep_name}}
""",
        },
    },
    {
        "kind": "email_template",
        "title": "Re-engage a stalled deal with the CFO return on investment case",
        "summary": (
            "For deals stuck at budget approval: offers a one-page, customer-specific return on investment "
            "model built from the prospect's own labor and overtime figures."
        ),
        "body": """\
## When to send it

- The champion likes Fieldline but the deal has stalled at **budget or finance review** for 2+ weeks.
- Send to the champion, with a clear offer to build something they can forward to the CFO. Only email the CFO directly if the champion agrees.

## What to personalise

- **{{pain_point}}**: the cost driver finance will recognize: overtime, missed visits, spoilage claims, idle equipment, penalty fees.
- Replace the example figures with numbers from your discovery notes. If you don't have them, ask; don't guess.
- **{{meeting_time}}**: offer a 30-minute working session, not a presentation.

## Supporting assets

- *The CFO Conversation* talk track for the session itself
- *The True Cost of a Missed Shift* white paper as a leave-behind
- The ROI model spreadsheet is in the Sales Ops shared drive; never send the unlocked version
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["construction", "healthcare", "logistics", "manufacturing", "retail", "energy", "hospitality"],
        "personas": ["CFO", "Operations Director", "CEO"],
        "stages": ["proposal", "negotiation"],
        "products": ["Fieldline Insights", "Fieldline Schedule"],
        "review_by_days": 140,
        "fields": {
            "subject": "A one-page return on investment view for {{company}}'s finance team",
            "email_body": """\
Hi {{first_name}},

I suspect the Fieldline project has hit the point every project hits: the team is convinced, and now finance needs to see the numbers.

I'd like to help. Based on what you shared, {{pain_point}} is costing {{company}} real money every month, and that's usually the clearest place to start. Our customers typically see payback within two to three quarters, but a generic number won't convince your CFO. Your own figures will.

If you can give me 30 minutes on {{meeting_time}}, we'll build a one-page return on investment model together using your headcount, overtime and the cost of the problem you described. You keep the model and can present it however you like.

If budget timing has changed, just tell me. I'd rather know than keep nudging.

Thanks,
{{rep_name}}
""",
        },
    },
    {
        "kind": "email_template",
        "title": "Trade show follow-up: hospitality and retail operations leaders",
        "summary": (
            "Post-event follow-up for booth conversations with hotel, resort, restaurant and multi-site "
            "retail operators."
        ),
        "body": """\
## When to send it

Within **three business days** after a hospitality or retail trade show. Send from your own inbox, not the marketing automation tool; replies are two to three times higher.

## What to personalise

- The first line must reference **something they actually said** at the booth. If your badge-scan notes are blank, use the marketing nurture sequence instead.
- **{{pain_point}}**: e.g. "housekeeping call-outs on weekends", "store reset compliance", "maintenance tickets on clipboards".
- **{{case_study_link}}**: Alder Bay Resorts for hotels and resorts; Brightwell Markets for grocery and big-box retail.
- **{{market}}**: "resort", "select-service hotel", "grocery", "specialty retail".

## Timing

Don't propose a meeting in the first email if they were a casual booth visitor; offer the case study and let them reply.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["hospitality", "retail"],
        "personas": ["Operations Director", "Field Supervisor"],
        "stages": ["prospecting"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch"],
        "review_by_days": 35,
        "fields": {
            "subject": "Following up from the show, {{first_name}}",
            "email_body": """\
Hi {{first_name}},

Thanks for stopping by the Fieldline booth. I enjoyed hearing how {{company}} is handling {{pain_point}}; you're definitely not the only {{market}} operator wrestling with it this season.

You mentioned your teams still run on printed boards and radio calls. Alder Bay Resorts was in the same spot across 14 properties. After moving housekeeping and maintenance onto Fieldline, they turn rooms 19 minutes faster and close 88% of maintenance tickets the same day.

Here's the short version of their story: {{case_study_link}}

If it's useful, I'd be glad to show you what a morning looks like for one of their housekeeping supervisors. No pressure either way. I know post-show inboxes are brutal.

All the best,
{{rep_name}}
""",
        },
    },
    {
        "kind": "email_template",
        "title": "Pre-storm-season outreach: utility and co-op operations managers",
        "summary": (
            "Seasonal prospecting email for electric cooperatives, municipal utilities and utility "
            "contractors, timed ahead of storm season."
        ),
        "body": """\
## When to send it

- **Six to ten weeks** before the region's storm season: late winter for Gulf Coast and Southeast accounts, late summer for ice-storm regions.
- Targets: Managers of Operations, Line Superintendents, Safety Directors at co-ops and munis with 40+ lineworkers.

## What to personalise

- **{{pain_point}}**: reference a real event: "last February's ice storm", "the derecho in June", or mutual-aid coordination.
- **{{company}}**: co-ops are proud of their names; spell them exactly as they do.

## Status

**Draft:** waiting for Prairie Wind to approve use of the $410K figure in email. Until then, use the version without that sentence (remove the second line of paragraph two).
""",
        "status": "draft",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["energy"],
        "personas": ["Operations Director", "Safety Manager"],
        "stages": ["prospecting"],
        "products": ["Fieldline Dispatch", "Fieldline Comply"],
        "review_by_days": 20,
        "fields": {
            "subject": "Before the next storm hits {{company}}'s territory",
            "email_body": """\
Hi {{first_name}},

Nobody at {{company}} needs a reminder about {{pain_point}}. But the weeks before storm season are the only time anyone has to fix how restoration gets coordinated.

Prairie Wind Electric Cooperative used that window to move outage dispatch and tailboard briefings into Fieldline. Across two storm seasons, their average restoration time improved 22%, every crew, including mutual aid, completed a signed tailboard before starting work, and they saved $410K in mutual-aid hours and overtime.

I'd welcome 20 minutes to show you how their dispatchers run a major event now, and how contractor crews get onboarded in the app on arrival instead of at a folding table.

Would a call before the end of the month work?

Stay safe out there,
{{rep_name}}
""",
        },
    },
    # ------------------------------------------------------------------
    # Testimonials
    # ------------------------------------------------------------------
    {
        "kind": "testimonial",
        "title": "Harbor & Pine Builders: \"We pull up records on a tablet in the trailer\"",
        "summary": (
            "Renata Alvarez, VP of Field Operations at Harbor & Pine Builders, on cutting safety paperwork "
            "41% with Fieldline Comply."
        ),
        "body": """\
## Context

Renata led Harbor & Pine's rollout of Fieldline Comply and Fieldline Schedule across 38 jobsites. This quote was captured during the customer advisory board session and approved by Harbor & Pine's marketing team.

## Best uses

- Slides and proposals for **construction** prospects, especially where the safety manager is the champion
- Opening line in follow-up emails after a demo of digital JHAs
- Paired with the full Harbor & Pine case study for CFOs (the EMR improvement is in the case study, not the quote)

## Do / don't

- **Do** use Renata's name, title and company as written.
- **Do** keep the 41% figure exact.
- **Don't** edit the quote for length; use the full sentence or the first sentence only.
- **Don't** imply Harbor & Pine endorses Fieldline for industries outside construction.

## Reference calls

Renata takes up to two reference calls per quarter. Request through the customer marketing queue with at least one week's notice, and only for deals at the proposal stage or later.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["construction"],
        "personas": ["Safety Manager", "Operations Director"],
        "stages": ["evaluation", "proposal"],
        "products": ["Fieldline Comply", "Fieldline Schedule"],
        "review_by_days": 180,
        "fields": {
            "quote": (
                "We used to lose Friday afternoons chasing JHA forms. With Fieldline Comply our superintendents "
                "spend 41% less time on safety paperwork, and when an inspector asks for records we pull them up "
                "on a tablet in the trailer instead of digging for three days."
            ),
            "person": "Renata Alvarez",
            "person_title": "VP of Field Operations",
            "company": "Harbor & Pine Builders",
            "permission": True,
        },
    },
    {
        "kind": "testimonial",
        "title": "St. Brigid Health System: missed visits down 38% and no more PHI in text messages",
        "summary": (
            "Theresa Nguyen, RN, Director of Home Health Operations at St. Brigid, on scheduling discipline "
            "and HIPAA controls."
        ),
        "body": """\
## Context

Theresa ran St. Brigid's 12-week rollout of Fieldline Schedule and Fieldline Dispatch to 420 clinicians. The quote was approved by St. Brigid's communications and compliance offices.

## Best uses

- Home health, hospice and hospital-at-home prospects
- Conversations where the **compliance officer or IT Director** is skeptical about mobile apps and PHI
- Proposal cover pages for healthcare deals

## Handling notes

- Always include "RN" in Theresa's title; she asked for it specifically.
- The 38% figure refers to missed visits across the home health division, not the whole health system. Don't generalize it to inpatient scheduling.
- This quote must not be used in paid advertising. St. Brigid approved it for sales materials and our website only.

## Pairs well with

- St. Brigid case study
- *HIPAA-Ready Field Workforce Management* white paper
- Security & IT FAQ
""",
        "status": "published",
        "owner": "priya.raman@fieldline.example",
        "markets": ["healthcare"],
        "personas": ["Operations Director", "IT Director"],
        "stages": ["discovery", "evaluation"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch"],
        "review_by_days": 150,
        "fields": {
            "quote": (
                "Our missed visits are down 38%, and our nurses finally stopped texting patient addresses from "
                "their personal phones. Fieldline gave us the scheduling discipline we needed and the HIPAA "
                "controls our compliance team demanded."
            ),
            "person": "Theresa Nguyen, RN",
            "person_title": "Director of Home Health Operations",
            "company": "St. Brigid Health System",
            "permission": True,
        },
    },
    {
        "kind": "testimonial",
        "title": "Coldline Freight: \"Spoilage claims are down $640K a year\"",
        "summary": (
            "Darnell Hughes, Director of Safety & Compliance at Coldline Freight, on winning temperature "
            "disputes with time-stamped checks."
        ),
        "body": """\
## Context

Darnell owns FSMA compliance and claims at Coldline Freight, a refrigerated carrier with three cold storage warehouses. He was the internal champion for Fieldline Comply and Fieldline Dispatch. The quote was recorded for our customer video series and approved in writing.

## Best uses

- Reefer carriers, food distributors, cold storage 3PLs and grocery distribution centers
- Email follow-ups to **claims or risk managers**, who feel the spoilage pain directly
- The "why now" slide in proposals for logistics deals

## Notes

- The $640K figure is an annual reduction in spoilage claims paid, per Coldline's finance team. Don't describe it as "savings from Fieldline" in general.
- A 45-second video version of this quote lives in the customer video library; use it in live presentations rather than emailing the file.
- Darnell is happy to speak at regional trucking association events; coordinate with field marketing.
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["logistics"],
        "personas": ["Safety Manager", "CFO", "Operations Director"],
        "stages": ["discovery", "proposal"],
        "products": ["Fieldline Comply", "Fieldline Dispatch"],
        "review_by_days": 100,
        "fields": {
            "quote": (
                "Spoilage claims are down $640K a year, and it's not because our trailers got colder. It's "
                "because we can finally prove what temperature a load was at every handoff. We've had 27% fewer "
                "excursions, and the ones we do have, we can trace."
            ),
            "person": "Darnell Hughes",
            "person_title": "Director of Safety & Compliance",
            "company": "Coldline Freight",
            "permission": True,
        },
    },
    {
        "kind": "testimonial",
        "title": "Prairie Wind Electric Cooperative: every crew briefed before every job",
        "summary": (
            "Curtis Lindqvist, Manager of Operations at Prairie Wind, on 100% tailboard completion and 22% "
            "faster restoration through two storm seasons."
        ),
        "body": """\
## Context

Curtis manages operations for Prairie Wind Electric Cooperative's 95 lineworkers and coordinates mutual-aid crews during major events. He presented this story at a statewide cooperative association safety meeting, and the quote comes from that talk (approved by Prairie Wind's communications manager).

## Best uses

- Electric co-ops, municipal utilities, and line-construction contractors that perform storm work
- Safety-led conversations: the quote opens with safety, not efficiency, which is exactly how co-op buyers think
- Board-packet summaries that champions prepare for their general manager

## Do / don't

- **Do** use it alongside the Prairie Wind case study and the *Storm-Ready Dispatch* white paper.
- **Don't** use the $410K savings figure in email until the pending approval is complete (see the storm-season email template). It is fine in live presentations.
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["energy"],
        "personas": ["Safety Manager", "Operations Director", "Field Supervisor"],
        "stages": ["discovery", "evaluation"],
        "products": ["Fieldline Dispatch", "Fieldline Comply"],
        "review_by_days": 90,
        "fields": {
            "quote": (
                "The number I care about most is 100%: every crew, ours or mutual aid, signs a tailboard before "
                "they touch a line. Restoring power 22% faster is great, but bringing everyone home is the job."
            ),
            "person": "Curtis Lindqvist",
            "person_title": "Manager of Operations",
            "company": "Prairie Wind Electric Cooperative",
            "permission": True,
        },
    },
    {
        "kind": "testimonial",
        "title": "Alder Bay Resorts: rooms ready 19 minutes sooner across 14 properties",
        "summary": (
            "Sofia Marchetti, VP of Resort Operations at Alder Bay Resorts, on housekeeping and maintenance "
            "dispatch across large resort campuses."
        ),
        "body": """\
## Context

Sofia oversees housekeeping, engineering and grounds at Alder Bay's 14 resorts. She sponsored the Fieldline Schedule and Fieldline Dispatch rollout after guest reviews repeatedly mentioned rooms not ready at check-in.

## Best uses

- Resorts, multi-building hotels, vacation-rental operators and senior-living campuses
- Hospitality trade-show follow-ups (pair with the hospitality/retail follow-up email template)
- The opening slide for **General Managers**, who respond to guest-experience language more than to cost

## Notes

- Use "VP of Resort Operations" exactly; her title changed last year.
- The 19-minute figure is an average across all 14 properties during the first full season. Individual properties saw between 11 and 27 minutes.
- Alder Bay is fine being named in proposals and on our website, but declined to appear in paid social ads.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["hospitality"],
        "personas": ["Operations Director", "CEO"],
        "stages": ["prospecting", "discovery"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch"],
        "review_by_days": 130,
        "fields": {
            "quote": (
                "Our housekeepers used to start the day with a printed board that was wrong by nine o'clock. "
                "Now rooms are ready 19 minutes sooner on average, and 88% of maintenance tickets are closed "
                "before the guest even thinks to call the front desk again."
            ),
            "person": "Sofia Marchetti",
            "person_title": "VP of Resort Operations",
            "company": "Alder Bay Resorts",
            "permission": True,
        },
    },
    {
        "kind": "testimonial",
        "title": "Brightwell Markets: resets on time at 94% of windows, and vendors noticed",
        "summary": (
            "Jerome Patterson, Director of Store Operations at Brightwell Markets, on planogram reset "
            "compliance and faster cold-case repairs."
        ),
        "body": """\
## Context

Jerome runs store operations for Brightwell Markets' 86 grocery stores and championed Fieldline Schedule, Dispatch and Insights. The quote came from a joint presentation at a regional grocers' association conference.

## Best uses

- Grocery, convenience, pharmacy and big-box retail prospects with traveling merchandising or facilities crews
- Conversations with **category management** or **vendor relations** leaders; the CPG-partner angle is unusual and memorable
- Proposals where refrigeration maintenance or shrink is part of the business case

## Notes

- The 94% figure is on-time planogram resets, not all store tasks.
- Brightwell asks that we do not mention specific CPG vendors by name alongside this quote.
- Jerome is available for one reference call a month; request through customer marketing.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["retail"],
        "personas": ["Operations Director", "Field Supervisor"],
        "stages": ["discovery", "evaluation"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch", "Fieldline Insights"],
        "review_by_days": 200,
        "fields": {
            "quote": (
                "Our vendors noticed before our own district managers did. We went from finishing 71% of resets "
                "on time to 94%, and our refrigeration techs get to a failing dairy case before it becomes a "
                "shrink problem."
            ),
            "person": "Jerome Patterson",
            "person_title": "Director of Store Operations",
            "company": "Brightwell Markets",
            "permission": True,
        },
    },
    {
        "kind": "testimonial",
        "title": "Kessler Precision Components maintenance manager on LOTO verification (internal use only)",
        "summary": (
            "Anil Deshpande, Plant Maintenance Manager at Kessler, on the OSHA citation that started their "
            "Fieldline Comply rollout. Not approved for external use."
        ),
        "body": """\
## Internal use only

Kessler approved the **case study** for external use, but its legal team has **not** approved this quote because it references their OSHA citation. Do not put it in emails, proposals or slides that leave Fieldline.

## How to use it internally

- Rep training and call prep: it captures, in a customer's own words, why a lockout/tagout program on paper fails an audit.
- Use the *idea* verbally with manufacturing prospects: "One of our automotive suppliers told us they had procedures, but no proof anyone followed them."
- Share with solutions engineers preparing Comply demos for multi-plant manufacturers.

## Status of approval

Customer marketing has asked Kessler to approve a shortened version without the citation reference. If approved, this asset will be updated and the permission flag changed.
""",
        "status": "published",
        "owner": "priya.raman@fieldline.example",
        "markets": ["manufacturing"],
        "personas": ["Safety Manager", "Operations Director"],
        "stages": ["discovery"],
        "products": ["Fieldline Comply", "Fieldline Schedule"],
        "review_by_days": 60,
        "fields": {
            "quote": (
                "We had a binder of lockout procedures for every machine and a $38,000 citation that said nobody "
                "could prove we followed them. Now the proof is a photo and a signature on the machine's own QR "
                "code, and our LOTO audit findings are down 64%."
            ),
            "person": "Anil Deshpande",
            "person_title": "Plant Maintenance Manager",
            "company": "Kessler Precision Components",
            "permission": False,
        },
    },
    {
        "kind": "testimonial",
        "title": "Granite Ridge Roofing on the retired Fieldline Crew app (archived)",
        "summary": (
            "A 2022 quote from Granite Ridge Roofing's owner about the legacy Fieldline Crew mobile app. "
            "Archived after the app was folded into Fieldline Schedule."
        ),
        "body": """\
## Why this is archived

This quote praises **Fieldline Crew**, the standalone mobile app we retired when its features moved into Fieldline Schedule. Using it now would confuse prospects and point them at a product name that no longer exists. Granite Ridge has also since been acquired, and Tom Brennan is no longer with the company.

## What to use instead

- For roofing, solar installation and specialty trades: the **Harbor & Pine Builders** testimonial and case study
- For the mobile-app experience specifically: the field-view section of the demo, or the platform overview one-pager

## Retained for

Historical reference only. Customer marketing keeps archived quotes for two years in case a renewal or legal question comes up.
""",
        "status": "archived",
        "owner": "maya.chen@fieldline.example",
        "markets": ["construction"],
        "personas": ["Field Supervisor", "CEO"],
        "stages": ["prospecting"],
        "products": ["Fieldline Schedule"],
        "review_by_days": 300,
        "fields": {
            "quote": (
                "Fieldline Crew is the first app my roofers actually open without being told to. We run 28 crews "
                "and I haven't had a 'nobody told me' job start since we switched."
            ),
            "person": "Tom Brennan",
            "person_title": "Owner",
            "company": "Granite Ridge Roofing",
            "permission": True,
        },
    },
    {
        "kind": "testimonial",
        "title": "Harvest Table Restaurant Group on shift coverage across 41 locations (internal use only)",
        "summary": (
            "Marisol Vega, Director of Operations at Harvest Table, on replacing ShiftPilot for kitchen and "
            "facilities scheduling. Permission for external use not granted."
        ),
        "body": """\
## Internal use only

Harvest Table switched from ShiftPilot to Fieldline Schedule and Fieldline Dispatch last year. Their franchise agreement prevents them from publicly endorsing vendors, so this quote is **not approved** for anything that leaves Fieldline, including emails and proposals.

## How to use it

- Competitive training: it's a clear customer-voice summary of ShiftPilot's gaps for multi-site operators with mobile maintenance techs.
- Verbal references: "A 41-location restaurant group moved off ShiftPilot because their maintenance techs were driving between sites with no dispatch." Don't name the company.
- Useful context for the ShiftPilot battle card.

## Key facts (verbal use only)

- 41 locations across Arizona and Nevada; 9 roving facilities techs
- Weekend kitchen call-outs covered within the hour rose from 54% to 83%
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["hospitality"],
        "personas": ["Operations Director", "Field Supervisor"],
        "stages": ["evaluation", "negotiation"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch"],
        "review_by_days": 110,
        "fields": {
            "quote": (
                "ShiftPilot was fine for filling a line-cook shift. It had no idea what to do with a walk-in "
                "cooler failing at our Scottsdale location while our only refrigeration tech was in Mesa. "
                "Fieldline handles both, and weekend call-outs now get covered within the hour 83% of the time."
            ),
            "person": "Marisol Vega",
            "person_title": "Director of Operations",
            "company": "Harvest Table Restaurant Group",
            "permission": False,
        },
    },
    # ------------------------------------------------------------------
    # White papers
    # ------------------------------------------------------------------
    {
        "kind": "white_paper",
        "title": "The True Cost of a Missed Shift: Scheduling Economics for Field Workforces",
        "summary": (
            "A CFO-oriented paper that puts a dollar figure on no-shows, idle crews and last-minute overtime, "
            "and shows how to build a credible return on investment case for scheduling software."
        ),
        "body": """\
## What it covers

A practical model for what a missed or poorly filled shift really costs a field operation: overtime premiums, idle crew time, revenue at risk and penalties. Then, how to turn that model into a return on investment case finance will trust. Examples are drawn from construction, home health, last-mile delivery and hospitality customers.

## Who to send it to

- **CFOs and VPs of Finance** when a deal is waiting on budget approval
- **Operations Directors** who need to justify the project internally
- CEOs of owner-operated businesses with 200–2,000 field employees

## How to use it

1. Send it *after* discovery, once you know the prospect's headcount and overtime picture.
2. Offer to walk through section two ("A working model") with their own numbers. That meeting is the real goal.
3. Follow with the *CFO Conversation* talk track and the ROI re-engagement email if the deal stalls.

## Key numbers reps can quote

- Unplanned overtime in field operations commonly runs 8–15% of total labor hours
- Customers using Fieldline Schedule typically report payback within two to three quarters
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["construction", "healthcare", "logistics", "manufacturing", "retail", "energy", "hospitality"],
        "personas": ["CFO", "Operations Director", "CEO"],
        "stages": ["discovery", "proposal", "negotiation"],
        "products": ["Fieldline Schedule", "Fieldline Insights"],
        "review_by_days": 190,
        "fields": {
            "abstract": (
                "Field operations leaders know that a missed shift is expensive, but few can say exactly how "
                "expensive. This paper breaks the cost into four components: overtime premium, idle crew time, "
                "revenue at risk and contractual penalties. It offers a simple model any operations or finance "
                "team can populate from payroll and job data. It closes with a step-by-step method for building "
                "a return on investment case for scheduling software that holds up under CFO scrutiny."
            ),
            "document_sections": [
                {
                    "heading": "Where field labor costs hide",
                    "text": (
                        "In most field organizations, labor is the largest controllable cost, and scheduling is "
                        "the least measured process that drives it. Payroll reports show total overtime, but not "
                        "why it happened. Job costing shows that a project ran over, but not that a crew waited "
                        "two hours for a missing operator. Customer complaints show up as churn months later, "
                        "long after anyone remembers the schedule that caused them.\n\n"
                        "The cost of a missed or poorly filled shift is spread across at least four budgets. "
                        "Overtime lands in payroll. Idle time disappears into job costs. Late or cancelled work "
                        "shows up as lost revenue or, in healthcare and logistics, as visits and deliveries that "
                        "never happen. Penalties and rework land wherever the contract says they land. Because no "
                        "single leader owns all four, the total is almost never added up, and scheduling is treated "
                        "as an administrative task instead of a financial lever. The first step toward fixing it "
                        "is simply making the cost visible in one place."
                    ),
                },
                {
                    "heading": "A working model for the cost of a missed shift",
                    "text": (
                        "We recommend a four-part model. First, the overtime premium: when a shift is covered by "
                        "someone already at 40 hours, the business pays time-and-a-half or more. Multiply the "
                        "number of short-notice fills per month by average shift length and the premium portion of "
                        "the hourly rate. Second, idle time: when one person is missing, the rest of the crew often "
                        "waits. Estimate the average wait per incident and multiply by crew size and loaded labor rate.\n\n"
                        "Third, revenue at risk: for billable work, a cancelled job or home health visit is revenue "
                        "that may never be recovered. Use historical reschedule and cancellation rates. Fourth, "
                        "penalties and rework: late-delivery fees, liquidated damages on construction schedules, "
                        "or service-level credits.\n\n"
                        "For a 600-person field organization, these four components commonly total between "
                        "$1.5M and $4M a year. The exact figure matters less than the exercise: once the components "
                        "are visible, leaders can see which ones a better schedule actually changes."
                    ),
                },
                {
                    "heading": "What high-performing field schedulers do differently",
                    "text": (
                        "Across more than 900 Fieldline customers, the organizations with the lowest missed-shift "
                        "costs share five habits. They publish schedules early, typically five to seven days out, "
                        "because predictability reduces no-shows more than any reminder system. They schedule by "
                        "skill and certification, not just availability, so the person who arrives can actually do "
                        "the work. They let workers confirm and swap shifts themselves, within rules the business "
                        "sets, which removes the supervisor as a bottleneck.\n\n"
                        "They also keep a small, visible bench: a named list of people willing to pick up short-notice "
                        "work, ideally below overtime thresholds. And they review the data weekly. Not a quarterly "
                        "report, but a short look at which crews, sites or days generate the most changes. None of "
                        "these habits require software on their own, but all of them become far easier when the "
                        "schedule lives in one system that field workers can reach from their phones."
                    ),
                },
                {
                    "heading": "Building a return on investment case your CFO will sign",
                    "text": (
                        "Finance teams have seen inflated software business cases before, so credibility matters "
                        "more than size. Start with the one or two cost components from the model that your own data "
                        "supports best, usually overtime premium and idle time, and leave the rest as upside. Use "
                        "actual payroll figures from the last twelve months rather than industry benchmarks.\n\n"
                        "Next, apply conservative improvement assumptions. If peers report a 20% reduction in "
                        "short-notice overtime, model 10%. Include the full cost of the project: subscription fees, "
                        "implementation, and the internal time of supervisors during rollout. Show payback by "
                        "quarter, not just a three-year total, because most CFOs care about when cash comes back.\n\n"
                        "Finally, name an owner and a measurement plan. A return on investment case that says who will "
                        "report results, and when, is far more likely to be approved than one that simply projects "
                        "savings. Fieldline Insights can produce the before-and-after view automatically, which makes "
                        "that commitment easy to keep."
                    ),
                },
            ],
        },
    },
    {
        "kind": "white_paper",
        "title": "OSHA Recordkeeping in the Field: From Clipboards to Continuous Compliance",
        "summary": (
            "A guide for safety leaders in construction, manufacturing and utilities on meeting OSHA "
            "recordkeeping duties when the work happens far from the office, and on using the data to prevent incidents."
        ),
        "body": """\
## What it covers

The recordkeeping obligations safety leaders live with (the OSHA 300, 300A and 301 forms, electronic submission and record retention) and why paper-based field processes make them so painful. The second half covers designing mobile safety workflows crews will actually complete, and using inspection data as leading indicators.

## Who to send it to

- **Safety Managers and EHS Directors** at contractors, manufacturers and utilities
- **Operations Directors** who have just been through an OSHA inspection or an insurance audit

## How to use it

- A natural follow-up to the construction OSHA outreach email and the Fieldline Comply one-pager.
- Section four ("From records to leading indicators") is the strongest bridge to a Fieldline Insights conversation.

## Review note

This paper is **overdue for review**: legal asked us to re-check the electronic submission section against the current OSHA rule before the next campaign. Reps can keep sharing it in one-to-one conversations in the meantime.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["construction", "manufacturing", "energy"],
        "personas": ["Safety Manager", "Operations Director"],
        "stages": ["prospecting", "discovery"],
        "products": ["Fieldline Comply", "Fieldline Insights"],
        "review_by_days": -21,
        "fields": {
            "abstract": (
                "OSHA recordkeeping was designed around an establishment with a front office, yet much of today's "
                "high-risk work happens on jobsites, plant floors and rights-of-way far from any filing cabinet. "
                "This paper summarizes what safety leaders must record and retain, and where paper-based field "
                "processes typically fail. It outlines principles for mobile safety workflows that crews complete "
                "consistently. Finally, it shows how inspection and observation data can become leading indicators "
                "that prevent incidents rather than merely documenting them."
            ),
            "document_sections": [
                {
                    "heading": "What OSHA actually asks for",
                    "text": (
                        "Under OSHA's recordkeeping regulation, most employers with more than ten employees must "
                        "record work-related injuries and illnesses that meet the recording criteria. The OSHA 300 "
                        "log lists each recordable case, the 301 incident report captures the details, and the 300A "
                        "summary must be certified by a company executive and posted where employees can see it "
                        "from February 1 through April 30. Records must be retained for five years.\n\n"
                        "Many establishments must also submit data electronically each year, and recent rule changes "
                        "expanded those requirements for larger establishments in designated high-hazard industries, "
                        "including construction and manufacturing. Check the current thresholds for your industry "
                        "codes; they change more often than most safety teams expect.\n\n"
                        "Beyond the formal logs, inspectors routinely ask for training records, inspection checklists, "
                        "equipment certifications and evidence that hazards were identified and controlled. These "
                        "supporting records are where field operations most often struggle, because they are created "
                        "on site, by many people, under time pressure."
                    ),
                },
                {
                    "heading": "Why paper breaks down at the edge",
                    "text": (
                        "Paper forms work tolerably well in a single building. They fail when the work is spread "
                        "across 30 jobsites, three shifts or 400 miles of distribution line. Forms get filled in at "
                        "the end of the day from memory, or in bulk at the end of the week. Carbon copies fade. "
                        "Photos of forms are emailed to a shared inbox where nobody indexes them. When an inspector "
                        "or insurer asks for a specific record, the safety team spends days reconstructing it.\n\n"
                        "The deeper problem is latency. A hazard noted on a paper job hazard analysis at 7 a.m. is "
                        "invisible to the safety manager until the form arrives, often days later. A missing fall "
                        "protection inspection is discovered only during an audit. Paper does not just make "
                        "compliance slower; it removes the chance to intervene while the work is still happening. "
                        "In our customer research, safety managers estimated that 30 to 45 percent of their week "
                        "went to collecting, chasing and filing field paperwork rather than being in the field."
                    ),
                },
                {
                    "heading": "Designing field-first safety workflows",
                    "text": (
                        "Digital forms only help if crews complete them, and crews complete what is fast, relevant "
                        "and available where they are. Four design principles make the difference. First, offline "
                        "by default: trenches, basements, plant interiors and rural lines rarely have reliable "
                        "signal, so forms must work without it and sync later. Second, context over completeness: a "
                        "QR code on a machine or a geofenced jobsite should open the right checklist pre-filled with "
                        "location, equipment and crew, so workers answer only what they know.\n\n"
                        "Third, evidence instead of attestation: a photo of an isolation point or a guardrail is worth "
                        "more than a checked box, and takes no longer. Fourth, escalation that matches risk: a failed "
                        "item on a crane inspection should notify a supervisor immediately, while a missing "
                        "housekeeping note can wait for the weekly report.\n\n"
                        "Customers who follow these principles, like Harbor & Pine Builders, typically see completion "
                        "rates above 95% within the first two months."
                    ),
                },
                {
                    "heading": "From records to leading indicators",
                    "text": (
                        "Injury logs are lagging indicators: by the time a case is recorded, someone is already hurt. "
                        "The records created by field safety workflows are far more useful when they are treated as "
                        "leading indicators. Completion rates for pre-task plans, the number of hazards identified per "
                        "observation, the share of failed inspection items that are corrected within 24 hours, and "
                        "the frequency of stop-work events all predict where incidents are likely to occur.\n\n"
                        "Tracking these indicators by site, crew, subcontractor and shift reveals patterns invisible "
                        "on paper: the jobsite where JHAs are completed at 3 p.m. instead of 7 a.m., or the plant "
                        "where lockout verifications drop on third shift. Safety leaders can then focus coaching where "
                        "it matters, and operations leaders can see safety performance next to productivity, not in a "
                        "separate report.\n\n"
                        "Fieldline Comply captures these records as a by-product of daily work, and Fieldline Insights "
                        "turns them into weekly leading-indicator dashboards, so the OSHA 300 log becomes a document you "
                        "prepare in hours, not the only safety data you have."
                    ),
                },
            ],
        },
    },
    {
        "kind": "white_paper",
        "title": "HIPAA-Ready Field Workforce Management for Home Health and Hospital Teams",
        "summary": (
            "Explains where protected health information leaks in field scheduling and dispatch, and what "
            "technical and contractual safeguards IT and compliance teams should require from any vendor."
        ),
        "body": """\
## What it covers

How PHI ends up in text messages, personal calendars and printed route sheets when home health, hospice and hospital field teams are scheduled with general-purpose tools. It then walks through the HIPAA Security Rule safeguards that matter on a mobile device, what to ask for in a Business Associate Agreement, and a rollout plan compliance can approve.

## Who to send it to

- **IT Directors, CISOs and Privacy/Compliance Officers** at health systems and home health agencies
- **Operations Directors** who need to get an IT security review unstuck

## How to use it

- Send it *before* the security questionnaire arrives. It frames the review around field realities rather than a generic checklist.
- Pair with the Security & IT FAQ and, for late-stage deals, our SOC 2 Type II report (under NDA).
- Section three maps directly to the questions in most vendor risk assessments.

## Don't

Don't describe Fieldline as "HIPAA certified". There is no such certification. Say we support HIPAA compliance, sign BAAs and are audited under SOC 2 Type II.
""",
        "status": "published",
        "owner": "priya.raman@fieldline.example",
        "markets": ["healthcare"],
        "personas": ["IT Director", "Operations Director"],
        "stages": ["evaluation", "proposal"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch", "Fieldline Comply"],
        "review_by_days": 170,
        "fields": {
            "abstract": (
                "Home health, hospice and hospital-based field teams handle protected health information every "
                "time a visit is scheduled, changed or routed. When those changes travel by text message and "
                "personal calendar, PHI leaves the organization's control. This paper identifies the most common "
                "leak points in field operations and the HIPAA Security Rule safeguards that address them on "
                "mobile devices. It also covers Business Associate Agreements, vendor due diligence and a phased "
                "rollout plan that IT, compliance and operations can all support."
            ),
            "document_sections": [
                {
                    "heading": "Where PHI leaks in field operations",
                    "text": (
                        "Clinical systems are usually well protected. The leaks happen in the operational layer "
                        "around them. A scheduler texts a nurse that her 2 p.m. patient moved to 4 p.m., and includes "
                        "the address and door code. A therapist copies tomorrow's visits into a personal calendar so "
                        "she can plan childcare. A printed route sheet with names, diagnoses and addresses is left on "
                        "a car seat. None of these people is careless; they are working around tools that do not fit "
                        "the way field care is delivered.\n\n"
                        "Each workaround creates PHI outside the organization's control: on devices it does not manage, "
                        "in services it has no agreement with, and in formats it cannot audit or revoke. For agencies "
                        "with hundreds of clinicians, the volume is significant. One Fieldline customer estimated that "
                        "its clinicians received more than 4,000 schedule-change texts a month before moving to an "
                        "in-app workflow. Reducing that exposure starts with giving field staff a faster, sanctioned "
                        "way to receive the same information."
                    ),
                },
                {
                    "heading": "Technical safeguards that matter on a phone",
                    "text": (
                        "The HIPAA Security Rule requires administrative, physical and technical safeguards, and "
                        "mobile field tools deserve particular attention on the technical side. Access controls "
                        "should include unique user identities, single sign-on with the organization's identity "
                        "provider, and automatic logoff after inactivity. PHI on the device should be encrypted at "
                        "rest within the app's sandbox and never written to shared storage, the camera roll or "
                        "notification previews.\n\n"
                        "Audit controls matter just as much: the organization should be able to see who viewed which "
                        "visit and when, and to export that log for an investigation. Transmission security means "
                        "encryption in transit for every sync, including offline data that uploads later. Finally, "
                        "the organization needs the ability to remotely revoke access and wipe app data when a "
                        "device is lost or an employee leaves.\n\n"
                        "The principle of minimum necessary also applies to design. A home health aide does not need "
                        "a patient's full diagnosis list to find the front door; a good field tool shows each role "
                        "only what that role requires."
                    ),
                },
                {
                    "heading": "Business associate agreements and vendor due diligence",
                    "text": (
                        "Any vendor that creates, receives, maintains or transmits PHI on behalf of a covered entity "
                        "is a business associate and must sign a Business Associate Agreement. A BAA is necessary but "
                        "not sufficient; it allocates responsibility but does not prove the vendor can meet it. Due "
                        "diligence should confirm several things.\n\n"
                        "Ask for an independent audit report, such as a SOC 2 Type II, covering the systems that "
                        "process PHI, and read the exceptions section rather than the summary. Confirm where data is "
                        "hosted, which subprocessors are involved and whether each has its own BAA with the vendor. "
                        "Understand breach notification timelines and how the vendor detects unauthorized access. Ask "
                        "how long data is retained after contract termination and how deletion is verified.\n\n"
                        "Finally, ask operational questions: can the vendor support role-based access that mirrors "
                        "your organization, and can administrators configure retention and audit exports without "
                        "opening a support ticket? Fieldline provides a standard BAA, a SOC 2 Type II report under "
                        "NDA and a current subprocessor list on request."
                    ),
                },
                {
                    "heading": "A rollout plan compliance can sign off on",
                    "text": (
                        "Successful healthcare rollouts treat compliance as a design partner rather than a final "
                        "gate. We recommend four phases. In phase one, IT and compliance review the BAA, audit report "
                        "and data flows while operations documents current workarounds, including the text messages "
                        "and calendars that will be retired. In phase two, a pilot region of 30 to 60 clinicians goes "
                        "live with single sign-on, device policies and role-based views configured from day one.\n\n"
                        "Phase three expands region by region, with a short compliance checkpoint before each wave. "
                        "Track the leading indicator that matters most: the volume of schedule-related texts and calls, "
                        "which should fall sharply. In phase four, the organization formally retires the old channels, "
                        "updates its policies to prohibit PHI in personal messaging, and schedules periodic access "
                        "reviews.\n\n"
                        "St. Brigid Health System followed this plan across 420 clinicians in twelve weeks. Missed "
                        "visits fell 38%, and its compliance team confirmed that no patient details have been sent by "
                        "SMS since go-live."
                    ),
                },
            ],
        },
    },
    {
        "kind": "white_paper",
        "title": "Cold Chain Without Gaps: Digital Temperature Controls for Cold Storage and Refrigerated Transport",
        "summary": (
            "How reefer carriers, cold storage warehouses and grocery distributors can close the documentation "
            "gaps at every handoff, satisfy FSMA sanitary transportation expectations and win spoilage disputes."
        ),
        "body": """\
## What it covers

Why temperature-controlled freight fails at handoffs rather than in transit, what the FSMA sanitary transportation rule expects from shippers, carriers and receivers, how to design temperature checks drivers will complete, and how cold storage dock scheduling affects product temperature.

## Who to send it to

- **Operations Directors and Safety & Compliance leads** at reefer carriers and cold storage 3PLs
- **Distribution center managers** at grocery chains that run their own cold storage and fleet
- **Claims and risk managers**, who rarely get vendor content written for them

## How to use it

- Follow-up to the cold chain outreach email, four business days later.
- Pair with the Coldline Freight case study and testimonial for late-stage deals.
- For grocery prospects, mention the Brightwell Markets cold-case story as well.

## Key talking point

"Most excursions aren't caused by equipment. They're caused by the ten minutes nobody wrote down."
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["logistics", "retail"],
        "personas": ["Operations Director", "Safety Manager", "Procurement Lead"],
        "stages": ["prospecting", "discovery", "evaluation"],
        "products": ["Fieldline Comply", "Fieldline Dispatch"],
        "review_by_days": 115,
        "fields": {
            "abstract": (
                "Temperature-controlled freight rarely fails in the middle of a highway. It fails at the handoffs: "
                "loading docks, yard waits, cross-docks and cold storage doors. This paper examines where "
                "documentation gaps occur along the cold chain and what the FSMA sanitary transportation rule "
                "expects of each party. It describes practical digital temperature checks that drivers and dock "
                "staff complete reliably. It closes with dock scheduling practices that keep product in the cold "
                "and out of the yard."
            ),
            "document_sections": [
                {
                    "heading": "The handoff problem",
                    "text": (
                        "Modern reefer units hold set points reliably over long distances. The risk concentrates at "
                        "the edges of each leg: a trailer that was not pre-cooled before loading, a door left open "
                        "during a slow unload, a load that waits two hours in the yard because no dock door is free. "
                        "Each of these events is short, and each is easy to miss on paper.\n\n"
                        "When a receiver rejects a load, the question becomes who is responsible, and the answer "
                        "depends on documentation. Carriers that record pre-cool temperature, set point, seal number "
                        "and product temperature at pickup, with a timestamp and photo, can usually show that the load "
                        "left in good condition. Carriers that rely on a handwritten bill of lading notation often "
                        "cannot, and end up paying claims they might have contested. In our experience, mid-sized "
                        "refrigerated carriers commonly pay spoilage claims equal to one to two percent of revenue, "
                        "and a substantial share of those claims are disputes about where an excursion happened "
                        "rather than whether it did."
                    ),
                },
                {
                    "heading": "What the sanitary transportation rule expects",
                    "text": (
                        "The FSMA rule on sanitary transportation of human and animal food assigns responsibilities "
                        "to shippers, loaders, carriers and receivers. Shippers must specify in writing the temperature "
                        "conditions and pre-cooling requirements for the vehicle. Carriers must be able to demonstrate "
                        "that they maintained the specified temperature and, when requested, that the equipment was "
                        "pre-cooled. Carriers must also provide training to personnel and keep records of that training.\n\n"
                        "The rule is flexible about how these obligations are met, which is both a benefit and a trap. "
                        "Written procedures and agreements must be retained for a period after use, and the practical "
                        "standard in disputes is whether records are complete, consistent and credible. A paper log "
                        "with identical handwriting for a week of readings does not inspire confidence; a time-stamped "
                        "digital record with a photo of the reefer display does.\n\n"
                        "Operators should review the rule's text with counsel, but the operational lesson is clear: "
                        "procedures matter only if there is reliable evidence they were followed at each handoff."
                    ),
                },
                {
                    "heading": "Designing temperature checks drivers will complete",
                    "text": (
                        "Drivers complete checks that are fast, obvious and useful to them. Effective digital checklists "
                        "open automatically at the right moment, when a driver arrives at a pickup geofence or scans "
                        "a trailer, and pre-fill everything the system already knows: load number, trailer, required "
                        "set point and shipper instructions. The driver confirms the pre-cool reading, photographs the "
                        "reefer display and the seal, and notes product temperature if the shipper requires it. The "
                        "whole check should take under two minutes.\n\n"
                        "Out-of-range values should trigger action, not just a red field. A set point that does not "
                        "match the shipper's instruction should alert dispatch before the trailer leaves the dock. "
                        "Checks must work offline, because cold storage buildings are notorious dead zones for cellular "
                        "signal.\n\n"
                        "Finally, show drivers the benefit. When a disputed claim is resolved in the carrier's favor "
                        "because of their photo, tell them. Coldline Freight shares a monthly count of claims won with "
                        "driver evidence, and its completion rates climbed above 97%."
                    ),
                },
                {
                    "heading": "Cold storage docks: where minutes become degrees",
                    "text": (
                        "At cold storage facilities, dock congestion is a temperature problem as much as a productivity "
                        "problem. Every minute a loaded reefer idles in the yard burns fuel and adds risk, and every "
                        "minute a dock door stays open during a slow unload warms the staging area. Yet many facilities "
                        "still assign doors from a whiteboard and call drivers by radio.\n\n"
                        "Sequencing dock appointments against labor availability, rather than simply first come, first "
                        "served, shortens both yard time and door-open time. When dock supervisors can see which crews "
                        "are available, which doors are free, and which inbound loads carry the most temperature-sensitive "
                        "product, they can prioritize frozen seafood over shelf-stable produce. Drivers notified of "
                        "their door assignment by app arrive ready, instead of walking to the office to ask.\n\n"
                        "Coldline Freight applied these practices at its three cold storage warehouses and reduced "
                        "average dock turnaround by 14 minutes, while temperature excursions across its operation fell 27%."
                    ),
                },
            ],
        },
    },
    {
        "kind": "white_paper",
        "title": "Storm-Ready Dispatch: An Outage Response Playbook for Utilities and Energy Contractors",
        "summary": (
            "A practical playbook for electric co-ops, municipal utilities and line contractors covering "
            "storm readiness, single-picture dispatch, tailboard safety with mutual-aid crews and post-event review."
        ),
        "body": """\
## What it covers

A before-during-after playbook for major outage events: pre-season readiness, running dispatch from one shared picture, keeping safety standards intact when mutual-aid and contractor crews arrive, and using event data to improve the next response. It draws heavily on Prairie Wind Electric Cooperative's experience.

## Who to send it to

- **Managers of Operations and Line Superintendents** at co-ops and municipal utilities
- **Safety Directors** at utilities and line-construction contractors
- General managers preparing storm-response updates for their boards

## How to use it

- Best sent six to ten weeks before the prospect's storm season.
- Section four (tailboards and mutual aid) is the strongest opener for safety-led buyers.
- Pair with the Prairie Wind case study; for contractors, add the Ironbridge Civil story.
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["energy"],
        "personas": ["Operations Director", "Safety Manager", "Field Supervisor"],
        "stages": ["prospecting", "discovery", "evaluation"],
        "products": ["Fieldline Dispatch", "Fieldline Comply", "Fieldline Insights"],
        "review_by_days": 85,
        "fields": {
            "abstract": (
                "Major storms test every part of a utility's field operation at once: dispatch, crew safety, "
                "contractor coordination and member communication. This playbook describes practices that "
                "shorten restoration without compromising safety. It covers pre-season readiness, running "
                "dispatch from a single shared picture, maintaining tailboard discipline with mutual-aid crews, "
                "and reviewing event data afterwards. Examples come from electric cooperatives and municipal "
                "utilities that have used these practices through multiple storm seasons."
            ),
            "document_sections": [
                {
                    "heading": "Why restoration slows down",
                    "text": (
                        "Most utilities have capable crews and well-understood restoration priorities: transmission "
                        "and substations first, then main feeders, critical facilities, and finally individual services. "
                        "Restoration slows down not because those priorities are wrong but because information moves "
                        "slowly between the outage management system, the dispatch desk and the crews in the field.\n\n"
                        "Dispatchers juggle radio traffic, phone calls and paper crew boards while the OMS shows a "
                        "growing list of tickets. Crews finish a job and wait for their next assignment. Mutual-aid "
                        "crews arrive from other states and spend hours at a staging area before they are given work, "
                        "maps and a local guide. Damage assessors report findings that take hours to reach the people "
                        "planning crews.\n\n"
                        "Every one of these delays is a coordination problem, not a capacity problem, and "
                        "coordination is exactly what can be prepared before the storm arrives."
                    ),
                },
                {
                    "heading": "Before the storm: a readiness checklist",
                    "text": (
                        "Storm readiness starts weeks before the forecast. Utilities that respond well confirm crew "
                        "rosters and qualifications, including which employees are cleared to work energized lines, "
                        "operate specific equipment or serve as bird-dogs for visiting crews. They verify that mutual-aid "
                        "agreements and contractor rates are current, and pre-register regular contractor crews in their "
                        "dispatch system so they can be assigned the moment they arrive.\n\n"
                        "They also rehearse. A tabletop exercise that walks through a realistic event, say 40 percent of "
                        "meters out after an overnight ice storm, exposes gaps in phone trees, staging logistics and "
                        "data flows between the OMS and dispatch. Vehicles, radios, tablets and chargers get checked, "
                        "and mobile apps are updated so no one is installing software in a staging-area parking lot.\n\n"
                        "Finally, readiness includes a clear communications plan for members or customers, with "
                        "estimated restoration times that the dispatch team can update from real crew progress rather "
                        "than guesswork."
                    ),
                },
                {
                    "heading": "During the event: one dispatch picture",
                    "text": (
                        "During a major event, the single most valuable change is giving everyone the same picture. "
                        "Outage tickets from the OMS, crew locations, crew status and damage-assessment findings "
                        "should appear on one map that dispatchers, supervisors and crew leads can all see. Assignments "
                        "are pushed to crew tablets and phones rather than read over the radio, leaving the radio for "
                        "safety-critical traffic.\n\n"
                        "When a crew completes a job, it reports completion from the field and the next assignment is "
                        "waiting, ideally one that is nearby and matches the crew's equipment and qualifications. "
                        "Supervisors can rebalance work across districts as damage patterns become clear. Mutual-aid "
                        "crews are onboarded in minutes on arrival: their qualifications, equipment and local guide "
                        "are recorded, and they receive their first assignment before they leave the staging area.\n\n"
                        "Prairie Wind Electric Cooperative adopted this approach and improved average restoration time "
                        "by 22 percent across two storm seasons, while its dispatchers reported far less radio congestion."
                    ),
                },
                {
                    "heading": "Safety at speed: tailboards and mutual aid",
                    "text": (
                        "Storm work is among the most dangerous work in any industry: fatigued crews, damaged "
                        "equipment, unfamiliar systems and the constant risk of backfeed from generators. Tailboard "
                        "briefings, the pre-job discussions of hazards, energy sources, grounding and roles, are the "
                        "single most important control, and they are the first thing to slip when pressure rises.\n\n"
                        "Utilities that keep safety intact make the tailboard part of the workflow rather than a "
                        "separate form. A crew cannot mark a job as started until the briefing is completed and signed "
                        "by every member, including visiting crews who may be unfamiliar with local switching procedures. "
                        "Briefings capture the specific hazards identified, and supervisors can see at a glance which "
                        "crews have briefed and which have not.\n\n"
                        "Fatigue rules deserve the same treatment. Tracking hours worked per crew member, and flagging "
                        "crews approaching rest limits, lets supervisors rotate crews before judgment degrades. Prairie "
                        "Wind reached 100 percent tailboard completion, including mutual aid, across two storm seasons."
                    ),
                },
                {
                    "heading": "After the event: learning from the data",
                    "text": (
                        "The days after a major storm are usually spent on cost recovery and mutual-aid invoicing, "
                        "and the operational lessons fade quickly. Utilities with digital dispatch records can do "
                        "better. Time-stamped assignment, travel, work and completion data shows where time was actually "
                        "lost: crews waiting for assignments, long travel between jobs, material shortages or "
                        "switching delays.\n\n"
                        "A structured after-action review should compare estimated and actual restoration times by area, "
                        "identify the largest sources of idle time, and review safety records including near misses "
                        "and any tailboards that were completed late. Accurate crew-hour records also simplify "
                        "mutual-aid invoicing and, where applicable, documentation for disaster cost-recovery programs, "
                        "which depend on detailed labor and equipment records.\n\n"
                        "Fieldline Insights generates these views automatically from the event's dispatch and Comply "
                        "records, so the after-action review starts with facts rather than recollections."
                    ),
                },
            ],
        },
    },
    {
        "kind": "white_paper",
        "title": "Staffing the Guest Experience: Scheduling Housekeeping, Engineering and Front-of-House Teams",
        "summary": (
            "Draft paper for hotel, resort and multi-site retail operators on occupancy-driven scheduling, the "
            "hidden mobile workforce in hospitality, and retention through predictable schedules."
        ),
        "body": """\
## Status: draft

This paper is in **final review** with product marketing and legal. The section on predictive scheduling laws needs a legal check before publication. Please don't send it to prospects yet; if you need something now, use the Alder Bay Resorts case study.

## What it will cover

- Building housekeeping and engineering schedules from occupancy and event forecasts
- The "hidden field workforce" in hospitality: engineers, grounds, laundry and roving maintenance teams
- Why predictable schedules and self-service shift swaps reduce turnover
- A short section for multi-site retail operators with similar staffing patterns

## Intended audience

- **VPs of Operations and Directors of Rooms** at hotel groups and resorts
- **CFOs** at hospitality management companies
- Multi-site restaurant and retail operations leaders

## Planned companion assets

A hospitality-specific one-pager and a revised trade-show follow-up email are planned for the same launch.
""",
        "status": "draft",
        "owner": "maya.chen@fieldline.example",
        "markets": ["hospitality", "retail"],
        "personas": ["Operations Director", "CFO"],
        "stages": ["prospecting", "discovery"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch"],
        "review_by_days": 30,
        "fields": {
            "abstract": (
                "Hospitality operators have spent years adapting to tighter labor markets, and housekeeping and "
                "engineering teams remain among the hardest roles to staff and retain. This paper argues that "
                "scheduling, not just pay, is a decisive lever for both guest experience and retention. It shows "
                "how occupancy-driven scheduling and real-time task dispatch reduce room-ready delays. It also "
                "examines how predictable schedules and self-service shift swaps support compliance with "
                "predictive scheduling rules and reduce turnover."
            ),
            "document_sections": [
                {
                    "heading": "Scheduling from the occupancy forecast",
                    "text": (
                        "Most hotels still build housekeeping schedules from a fixed template adjusted by a manager's "
                        "judgment. The property management system already knows forecast occupancy, expected "
                        "departures, stay-overs and group arrivals, yet that data rarely flows into the schedule. The "
                        "result is predictable: too many attendants on a quiet Tuesday, too few on a Sunday with 300 "
                        "checkouts and an early group arrival.\n\n"
                        "Occupancy-driven scheduling converts forecast departures and stay-overs into required "
                        "attendant hours using the property's own productivity standards, such as minutes per "
                        "checkout room and per stay-over, and adjusts for room types, suites and distances on large "
                        "campuses. Schedules are published a week or more ahead and adjusted as the forecast firms up, "
                        "with changes offered first to volunteers rather than imposed.\n\n"
                        "Alder Bay Resorts adopted this approach across 14 properties and reduced labor cost per occupied "
                        "room by six percent in its first full season while turning rooms 19 minutes faster."
                    ),
                },
                {
                    "heading": "The hidden field workforce in hospitality",
                    "text": (
                        "Hotels are rarely described as field operations, yet a large share of their staff work "
                        "like field teams. Engineers move between guest rooms, mechanical spaces and outbuildings. "
                        "Housekeeping runners restock carts across multiple towers. On resort campuses, grounds and "
                        "maintenance crews cover hundreds of acres. In management companies and restaurant groups, "
                        "roving technicians travel between properties.\n\n"
                        "These teams are usually coordinated by radio and paper logs. A guest calls the front desk "
                        "about a broken heater, the desk radios engineering, and the request is written on a "
                        "clipboard that may or may not be checked before the guest calls again. There is no record "
                        "of response time, and no way to route the request to the nearest qualified engineer.\n\n"
                        "Treating these teams as a mobile workforce, with tasks dispatched to phones by location and "
                        "skill, closes the loop. Alder Bay increased same-day maintenance ticket closure from 61 to 88 "
                        "percent, and guest complaints about room readiness fell noticeably in post-stay surveys."
                    ),
                },
                {
                    "heading": "Retention through predictable schedules",
                    "text": (
                        "Housekeeping and kitchen roles often see annual turnover above 70 percent, and exit "
                        "interviews consistently cite scheduling alongside pay. Workers who cannot plan childcare, "
                        "school or a second job around their shifts leave for employers who let them. Several cities "
                        "and at least one state have enacted predictive scheduling or fair workweek rules for large "
                        "hospitality, food service and retail employers, typically requiring advance notice of "
                        "schedules and compensation for late changes.\n\n"
                        "Operators that publish schedules early, let employees swap shifts within defined rules and "
                        "offer open shifts to volunteers first see lower turnover and fewer no-shows. The same "
                        "practices simplify compliance with predictive scheduling rules, because the system records "
                        "when each schedule was published and who agreed to each change.\n\n"
                        "This section will include a checklist for evaluating scheduling practices against common "
                        "fair workweek requirements, pending legal review. Operators should always confirm local "
                        "obligations with counsel."
                    ),
                },
            ],
        },
    },
    # ------------------------------------------------------------------
    # Sales aids
    # ------------------------------------------------------------------
    {
        "kind": "sales_aid",
        "title": "Battle card: Fieldline vs. CrewGrid",
        "summary": (
            "How to win against CrewGrid, the construction-focused crew scheduling tool we meet most often "
            "in contractor and utility deals."
        ),
        "body": """\
## Who they are

CrewGrid is a crew scheduling app built for specialty contractors. Roughly 1,500 customers, mostly under 300 field employees. Strong in construction; starting to push into utilities.

## Their strengths (don't argue these)

- Clean, well-liked drag-and-drop scheduling board
- Fast setup for small contractors: often live in a week
- Good Procore integration

## Their weaknesses

- **No equipment or haul-truck dispatch**: people only
- Safety forms are basic: no offline photo evidence, no escalations, no QR-code launch
- Reporting is canned; no cross-site leading-indicator dashboards
- Per-site pricing gets expensive beyond ~25 active jobsites

## Landmines to set (discovery questions)

- "How do you schedule the equipment and the operator together today?"
- "When a foreman fails a scaffold inspection at 7 a.m., who finds out, and when?"
- "What does it cost you when you add your 30th jobsite?"

## Objection handling

**"CrewGrid is cheaper."**
On a per-user basis at small scale, yes. Model their cost at the prospect's *peak* jobsite count, and add the safety tool they'll still need. At Harbor & Pine's size, Fieldline was 18% less over three years.

**"Our supers already know CrewGrid."**
Great; the Fieldline board works the same way. Offer a side-by-side session with two superintendents and let them decide.

**"We only need scheduling."**
Ask about their last OSHA visit or insurance audit. Scheduling and safety records usually share the same pain: nobody can find them.

## Proof points

Harbor & Pine Builders (Comply + Schedule), Ironbridge Civil (Dispatch + Insights)
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["construction", "energy", "manufacturing"],
        "personas": ["Operations Director", "Procurement Lead", "Safety Manager"],
        "stages": ["evaluation", "negotiation"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch", "Fieldline Comply"],
        "review_by_days": 55,
        "fields": {"aid_type": "battle_card"},
    },
    {
        "kind": "sales_aid",
        "title": "Battle card: Fieldline vs. ShiftPilot",
        "summary": (
            "How to position against ShiftPilot, the low-cost hourly shift-scheduling app common in "
            "hospitality, retail and some healthcare accounts."
        ),
        "body": """\
## Who they are

ShiftPilot is a shift-scheduling and time-clock app for hourly teams. Popular with restaurants, retail stores and staffing agencies. Low list price and a generous free tier.

## Their strengths

- Very low price per user; free for small locations
- Excellent employee-facing app for shift swaps and open-shift pickup
- Built-in time clock and tip pooling

## Their weaknesses

- Built for **fixed locations**: no routing, no mobile task dispatch between sites
- No checklists with evidence, no audit trail; weak for compliance-heavy work
- No BAA, so not an option for PHI in home health scheduling
- Analytics limited to labor cost vs. sales

## Landmines

- "How do your maintenance techs find out about a problem at another location?"
- "How do you prove a food-safety or cleaning checklist was done, and by whom?"
- "Does your scheduling tool sign a BAA?" (healthcare only)

## Objection handling

**"ShiftPilot costs a fraction of Fieldline."**
For line staff at a single site, it may be the right tool; say so. Fieldline wins where work moves between sites or must be documented. Many customers keep ShiftPilot for front-of-house and use Fieldline for engineering, facilities and field teams.

**"Our employees love the ShiftPilot app."**
Fieldline's swap and open-shift features match it; demo them on a phone, not a laptop.

## Proof points

Alder Bay Resorts (verbal + written). Harvest Table Restaurant Group switched from ShiftPilot (**verbal only, don't name them**).

## Review note

ShiftPilot announced new "Multi-site" pricing; this card needs an update to the pricing section.
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["hospitality", "retail", "healthcare"],
        "personas": ["Operations Director", "Procurement Lead", "CFO"],
        "stages": ["evaluation", "negotiation"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch", "Fieldline Comply"],
        "review_by_days": -14,
        "fields": {"aid_type": "battle_card"},
    },
    {
        "kind": "sales_aid",
        "title": "Battle card: Fieldline vs. spreadsheets, whiteboards and group texts",
        "summary": (
            "Our most common competitor is the status quo. How to make the cost of 'what we do today' "
            "visible without insulting the people who built it."
        ),
        "body": """\
## The real competitor

In roughly 60% of our deals, the prospect isn't replacing software. They're replacing a spreadsheet, a whiteboard, a paper form and a very busy group text. "Do nothing" wins more deals than CrewGrid and ShiftPilot combined.

## Why the status quo is strong

- It's free and already paid for in everyone's time
- It's flexible; a dispatcher can handle any exception
- The person who built it is often in the room, and proud of it

## Where it breaks

- It depends on one or two people; ask what happens when they're on vacation
- No record of *why* a change was made or who was told
- Field staff find out last, usually by text at 9 p.m.
- Safety and compliance evidence lives in camera rolls and truck cabs

## Landmines

- "Walk me through the last time a crew member called out at 6 a.m."
- "If an inspector or auditor asked for last March's records, how long would it take?"
- "Who maintains the spreadsheet, and what would happen if they left?"

## Objection handling

**"Our system works fine."**
Agree that it works because of heroic people. Then ask what those people could do with their time back.

**"We tried software before and the crews didn't use it."**
Ask what the crews had to do differently. Fieldline's offline, two-minute workflows were designed for exactly that history.

**"We can't justify the cost right now."**
Use the *True Cost of a Missed Shift* model with their own overtime numbers.

## Tone

Never mock the spreadsheet. Praise it, then show its limits.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["construction", "healthcare", "logistics", "manufacturing", "retail", "energy", "hospitality"],
        "personas": ["Operations Director", "Field Supervisor", "CEO"],
        "stages": ["discovery", "evaluation"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch", "Fieldline Comply", "Fieldline Insights"],
        "review_by_days": 230,
        "fields": {"aid_type": "battle_card"},
    },
    {
        "kind": "sales_aid",
        "title": "Talk track: first discovery call with an Operations Director",
        "summary": (
            "A 30-minute discovery structure with open questions, listening cues and the qualification points "
            "to capture before proposing a demo."
        ),
        "body": """\
## Goal of the call

Understand how work gets from a plan to a person in the field, where it breaks, and what that costs. Don't demo. End with an agreed next step and at least one number.

## Opening (2 min)

"Thanks for making time. I'd like to understand how your field teams are scheduled and dispatched today, and where it hurts. If it turns out we're not a fit, I'll tell you."

## Discovery questions

**Current process**
1. Walk me through yesterday: how did each crew know where to go?
2. Who builds the schedule, and how long does it take each week?
3. What tools are involved: spreadsheets, ERP, radios, group texts?

**Pain and impact**
4. What happens when someone calls out at 6 a.m.?
5. How much overtime is unplanned vs. planned?
6. When was the last time a customer or inspector asked for something you couldn't produce quickly?

**Priorities and process**
7. If you could fix one thing by next quarter, what would it be?
8. Who else would care about fixing it: safety, finance, IT?
9. How have you bought operations software before, and what slowed it down?

## Listen for

- A number (overtime %, missed visits, claims, penalties)
- A named person who maintains the current system
- A recent event: an audit, an acquisition, a storm, a bad review

## Close

"Based on what you've said, I'd suggest a working session where we rebuild one of your real weeks. Could we do that with one of your supervisors next week?"

Then send the discovery recap email the same day.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["construction", "healthcare", "logistics", "manufacturing", "retail", "energy", "hospitality"],
        "personas": ["Operations Director", "Field Supervisor"],
        "stages": ["discovery"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch", "Fieldline Comply", "Fieldline Insights"],
        "review_by_days": 260,
        "fields": {"aid_type": "talk_track"},
    },
    {
        "kind": "sales_aid",
        "title": "Talk track: the CFO conversation and the return on investment model",
        "summary": (
            "How to run a 30-minute working session with a CFO or finance lead that builds a conservative, "
            "prospect-owned return on investment model."
        ),
        "body": """\
## Before the meeting

- Get from your champion: field headcount, loaded hourly rate, annual overtime hours, and the one cost driver they care about most (missed visits, claims, idle equipment, penalties).
- Open the ROI model spreadsheet (Sales Ops drive) and pre-fill what you know. Leave assumptions blank.

## Framing (first 3 minutes)

"I'm not here to present a big savings number. I'd like to build a model with you, using your numbers and your assumptions, that you'd be comfortable defending."

## Questions for finance

1. How do you usually evaluate operations investments: payback period, NPV, or something else?
2. What overtime rate do you budget for field roles, and what did you actually see last year?
3. Which costs do you consider hard savings vs. soft?
4. What would make you distrust a vendor's business case?

## Building the model

- Start with **one** hard-savings line (usually overtime premium or idle time).
- Apply *half* the improvement peers report.
- Include every cost: subscription, implementation, internal rollout time.
- Show payback by quarter.

## Common pushback

**"These are soft savings."** Agree, move them below the line as upside, and rebuild on hard savings only.
**"We'd need to see it work first."** Offer a 60-day paid pilot with success criteria written into the order form.

## After

Send the model as a PDF within 24 hours, owned by them, not branded as a Fieldline proposal.
""",
        "status": "published",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["construction", "healthcare", "logistics", "manufacturing", "retail", "energy", "hospitality"],
        "personas": ["CFO", "CEO"],
        "stages": ["proposal", "negotiation", "closing"],
        "products": ["Fieldline Insights", "Fieldline Schedule"],
        "review_by_days": 140,
        "fields": {"aid_type": "talk_track"},
    },
    {
        "kind": "sales_aid",
        "title": "One-pager: Fieldline Comply for safety and compliance leaders",
        "summary": (
            "Printable one-page overview of Fieldline Comply for Safety Managers at contractors, manufacturers "
            "and utilities: capabilities, proof points and how it connects to OSHA recordkeeping."
        ),
        "body": """\
## Fieldline Comply

**Safety and compliance checklists your crews actually complete, with the evidence to prove it.**

## The problem

Safety programs are designed in the office and executed in the field. Between the two sit carbon copies, camera rolls and clipboards. When an inspector, insurer or customer asks for proof, safety teams spend days reconstructing it.

## What Comply does

- **Digital JHAs, pre-task plans and toolbox talks**, with crew sign-in on one phone
- **Inspections with photo evidence**: scaffolds, fall protection, cranes, fire doors, LOTO isolation points
- **QR-code launch** from equipment, machines or locations, pre-filled with context
- **Works offline** in basements, trenches, plants and rural lines
- **Escalations** when an item fails, routed by risk level
- **Audit-ready exports** for OSHA 300 log preparation, insurers and customer audits

## Proof points

- Harbor & Pine Builders: **41%** less superintendent time on safety paperwork
- Kessler Precision Components: **64%** fewer lockout/tagout audit findings
- Prairie Wind Electric Cooperative: **100%** tailboard completion, including mutual aid

## Works with

Fieldline Schedule (certification-aware assignments), Fieldline Insights (leading-indicator dashboards), Procore, and common HRIS systems for training records.

## Next step

Ask your Fieldline rep for a 30-minute session where we digitize one of your existing forms live.
""",
        "status": "published",
        "owner": "maya.chen@fieldline.example",
        "markets": ["construction", "manufacturing", "energy"],
        "personas": ["Safety Manager", "Operations Director", "Field Supervisor"],
        "stages": ["prospecting", "discovery"],
        "products": ["Fieldline Comply"],
        "review_by_days": 160,
        "fields": {"aid_type": "one_pager"},
    },
    {
        "kind": "sales_aid",
        "title": "One-pager: the Fieldline platform at a glance",
        "summary": (
            "The standard leave-behind describing all four Fieldline products, who uses them and the headline "
            "customer results. Safe to send to any prospect."
        ),
        "body": """\
## Fieldline: run your field operation from one place

Fieldline helps companies with frontline and field workforces plan the work, get the right people to it, keep them safe and learn from the results. More than 900 organizations in construction, healthcare, logistics, manufacturing, retail, utilities and hospitality use Fieldline every day.

## The platform

- **Fieldline Schedule**: skill- and certification-aware crew and shift scheduling, published to workers' phones, with self-service swaps.
- **Fieldline Dispatch**: real-time assignment of jobs, visits and tasks to the right nearby person or crew, with routing and live status.
- **Fieldline Comply**: safety and compliance checklists, inspections and briefings with photo evidence, offline support and escalations.
- **Fieldline Insights**: dashboards and reports on labor, utilization, on-time performance and safety leading indicators.

## Results customers report

- **38%** fewer missed home-health visits (St. Brigid Health System)
- **27%** fewer temperature excursions (Coldline Freight)
- **22%** faster outage restoration (Prairie Wind Electric Cooperative)
- **$1.2M** in idle equipment cost recovered (Ironbridge Civil Contractors)

## Built for IT, too

SSO with Okta and Microsoft Entra ID, SOC 2 Type II, BAA available for healthcare customers, open REST API and prebuilt connectors for major payroll, HRIS, telematics and EHR systems.

## Getting started

Most customers start with one product and one region, go live in 6–10 weeks, and expand from there.
""",
        "status": "published",
        "owner": "priya.raman@fieldline.example",
        "markets": ["construction", "healthcare", "logistics", "manufacturing", "retail", "energy", "hospitality"],
        "personas": ["Operations Director", "CEO", "CFO", "IT Director"],
        "stages": ["prospecting", "discovery"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch", "Fieldline Comply", "Fieldline Insights"],
        "review_by_days": 120,
        "fields": {"aid_type": "one_pager"},
    },
    {
        "kind": "sales_aid",
        "title": "Talk track: discovery with home health and hospital field teams",
        "summary": (
            "Healthcare-specific discovery questions for home health, hospice and hospital facilities leaders, "
            "including how to raise HIPAA and EHR integration early."
        ),
        "body": """\
## Status: draft

Clinical advisory board review is scheduled for next month. Use the general Operations Director talk track until this is published.

## Who it's for

Directors of Home Health, Hospice Administrators, Hospital-at-Home program leads, and hospital Facilities/EVS directors.

## Discovery questions

**Scheduling and visits**
1. How many visits does a typical clinician complete per day, and what's your target?
2. When a visit cancels, who re-sequences the rest of the day, and how?
3. How do you match clinicians to patients: discipline, certifications, language, continuity?

**Compliance and PHI**
4. How do clinicians receive schedule changes today?
5. Has your compliance team raised concerns about texting or personal calendars?
6. Who needs to approve a new vendor that handles PHI, and what's their process?

**Systems**
7. Which EHR or home health platform schedules your visits?
8. Do you want Fieldline to be the scheduling system of record, or to optimize visits that originate in the EHR?

**Impact**
9. How do missed visits affect your star ratings, referrals or revenue?
10. What does mileage reimbursement cost you per year?

## Listen for

Scheduler turnover, a recent acquisition, star-rating pressure, and any mention of "texting", which is your opening to discuss the BAA.

## Next step

Offer the St. Brigid case study and a security review call with our healthcare solutions engineer.
""",
        "status": "draft",
        "owner": "priya.raman@fieldline.example",
        "markets": ["healthcare"],
        "personas": ["Operations Director", "IT Director"],
        "stages": ["discovery"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch"],
        "review_by_days": 40,
        "fields": {"aid_type": "talk_track"},
    },
    {
        "kind": "sales_aid",
        "title": "Security, privacy and IT FAQ (SSO, SOC 2 Type II, HIPAA BAA, data residency)",
        "summary": (
            "Answers to the questions IT Directors and security reviewers ask most often, with approved "
            "wording. Send before the vendor security questionnaire arrives."
        ),
        "body": """\
## Identity and access

- **SSO:** SAML 2.0 and OIDC; tested with Okta, Microsoft Entra ID and Google Workspace. SCIM provisioning on Enterprise plans.
- **Roles:** configurable role-based access down to field level; field workers see only their own assignments by default.
- **MFA:** enforced through the customer's identity provider, or natively for non-SSO accounts.

## Certifications and audits

- SOC 2 Type II report available under NDA (annual audit period).
- Annual third-party penetration test; summary letter available on request.
- We **support HIPAA compliance** and sign a standard Business Associate Agreement. Never say "HIPAA certified".

## Data

- Hosted in AWS US regions by default; Canadian hosting available for Canadian customers.
- Encrypted in transit (TLS 1.2+) and at rest (AES-256), including offline data on mobile devices inside the app sandbox.
- Customer data export via API or CSV at any time; deletion within 30 days of contract end, with a certificate on request.

## Mobile devices

- iOS and Android apps; work offline and sync when connected.
- Remote sign-out and app-data wipe from the admin console.
- Compatible with major MDM platforms; no MDM required.

## Integrations

Open REST API and webhooks. Prebuilt connectors for common payroll/HRIS, telematics, EHR scheduling (FHIR) and construction project management systems.

## Review note

SOC 2 report period rolled over; confirm the dates quoted here before sending to a new security reviewer.
""",
        "status": "published",
        "owner": "priya.raman@fieldline.example",
        "markets": ["construction", "healthcare", "logistics", "manufacturing", "retail", "energy", "hospitality"],
        "personas": ["IT Director", "Procurement Lead"],
        "stages": ["evaluation", "proposal", "negotiation", "closing"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch", "Fieldline Comply", "Fieldline Insights"],
        "review_by_days": -3,
        "fields": {"aid_type": "other"},
    },
    {
        "kind": "sales_aid",
        "title": "2023 pricing and packaging cheat sheet (retired)",
        "summary": (
            "Pre-2024 per-user pricing, bundles and discount bands. Archived when Fieldline moved to platform "
            "packaging; kept for renewals of legacy contracts only."
        ),
        "body": """\
## Do not use for new deals

This sheet reflects **2023 list pricing** and the old "Crew / Crew Plus / Operations Suite" bundles. New deals are quoted with the current packaging in the CPQ tool. Quoting from this sheet will produce prices that deal desk will reject.

## Legacy summary (for renewals only)

| 2023 bundle | Included | List (per field user / month) |
|---|---|---|
| Crew | Schedule + legacy Crew app | $14 |
| Crew Plus | Schedule + Comply | $22 |
| Operations Suite | Schedule + Dispatch + Comply + Insights | $36 |

- Standard discount band: up to 15% without approval; 15–25% with regional VP approval.
- Multi-year (3-year) prepay: additional 5%.
- Implementation: fixed $8,500 for up to 250 users.

## Renewals of legacy contracts

Customers on 2023 bundles renew at their current price plus the contractual uplift (usually 5%). Migration to current packaging should be offered at renewal, never forced mid-term. Talk to deal desk before discussing migration with a customer.
""",
        "status": "archived",
        "owner": "daniel.okafor@fieldline.example",
        "markets": ["construction", "healthcare", "logistics", "manufacturing", "retail", "energy", "hospitality"],
        "personas": ["Procurement Lead", "CFO"],
        "stages": ["negotiation", "closing"],
        "products": ["Fieldline Schedule", "Fieldline Dispatch", "Fieldline Comply", "Fieldline Insights"],
        "review_by_days": 300,
        "fields": {"aid_type": "other"},
    },
]
